/*
 * rules_diff.h - where two texts differ, shown so that a student sees it:
 * the first differing line in both versions, invisible characters made
 * visible, and a marker under the first differing column.
 */
#ifndef GRADERS_RULES_DIFF_H
#define GRADERS_RULES_DIFF_H

#include <stdbool.h>

#include "graders/load/exercise.h"

/*
 * The first difference between want and got (icase: letters compared
 * without case), as three or four lines in lang, e.g.
 *     first difference at line 2, column 6:
 *       expected: "suma: 10"
 *       got:      "suma:·10·"
 *                       ^
 * Tabs show as \t, carriage returns as \r, other control bytes as \xNN,
 * spaces at the end of a line as ·; a line longer than the screen is cut
 * around the marker (…). A text that ends first shows "(no more lines)".
 * Returns an xmalloc'ed string; NULL when the texts are equal.
 */
char *rules_diff(const char *want, const char *got, bool icase, enum lang lang);

#endif /* GRADERS_RULES_DIFF_H */
