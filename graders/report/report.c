/*
 * report.c - reporter dispatch, format names, and what the writers share.
 */
#include "graders/report/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "graders/report/i18n.h"
#include "util/cnum.h"
#include "util/xalloc.h"

/* A human text report shows the user's decimal separator ("0,5"); only
 * this format, never text inside a machine one (report.h). */
static int report_text_write_human(const struct grade *g, const struct report_style *st, FILE *out)
{
	struct report_style human = *st;

	human.local_numbers = true;
	return report_text_write(g, &human, out);
}

/* The one table of formats, index = enum report_format: the name --format
 * takes, the file -o DIR gets, and the writer (styled or plain). */
static const struct report_format_info {
	const char *name, *file;
	int (*write)(const struct grade *g, FILE *out);
	int (*write_styled)(const struct grade *g, const struct report_style *st, FILE *out);
} report_formats[REPORT_COUNT_] = {
	[REPORT_TEXT] = { "text", "report.txt", NULL, report_text_write_human },
	[REPORT_JSON] = { "json", "results.json", NULL, report_json_write },
	[REPORT_JUNIT] = { "junit", "junit.xml", report_junit_write, NULL },
	[REPORT_GRADESCOPE] = { "gradescope", "gradescope.json", NULL, report_gradescope_write },
	[REPORT_GITHUB] = { "github", "github.txt", NULL, report_github_write },
	[REPORT_TAP] = { "tap", "report.tap", report_tap_write, NULL },
	[REPORT_CSV] = { "csv", "grade.csv", report_csv_write, NULL },
	[REPORT_HTML] = { "html", "report.html", report_html_write, NULL },
};

const char *report_format_name(enum report_format f)
{
	return (unsigned)f < REPORT_COUNT_ ? report_formats[f].name : "?";
}

const char *report_file_name(enum report_format f)
{
	return (unsigned)f < REPORT_COUNT_ ? report_formats[f].file : "?";
}

const char *report_formats_known(void)
{
	static char known[128];
	size_t n = 0;
	int f;

	if (known[0])
		return known;
	for (f = 0; f < REPORT_COUNT_; f++)
		n += (size_t)snprintf(known + n, sizeof(known) - n, "%s%s", f ? ", " : "",
				      report_formats[f].name);
	return known;
}

int report_formats_parse(const char *list, unsigned *mask, const char **bad, int *badlen)
{
	const char *p = list;
	int f;

	*mask = 0;
	while (*p) {
		size_t len = strcspn(p, ",");

		for (f = 0; f < REPORT_COUNT_; f++)
			if (strlen(report_formats[f].name) == len &&
			    !strncmp(p, report_formats[f].name, len))
				break;
		if (f == REPORT_COUNT_ || len == 0) {
			*bad = p;
			*badlen = (int)len;
			return -1;
		}
		*mask |= 1u << f;
		p += len;
		if (*p == ',')
			p++;
	}
	if (!*mask) {
		*bad = list;
		*badlen = 0;
		return -1;
	}
	return 0;
}

int report_trace_parse(const char *s, enum report_trace *t)
{
	static const char *const names[] = { "summary", "failing", "full" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i])) {
			*t = (enum report_trace)i;
			return 0;
		}
	return -1;
}

int report_write(enum report_format f, const struct grade *g, const struct report_style *st,
		 FILE *out)
{
	const struct report_format_info *w;
	int ret;

	if ((unsigned)f >= REPORT_COUNT_) {
		errno = EINVAL;
		return -1;
	}
	w = &report_formats[f];
	ret = w->write ? w->write(g, out) : w->write_styled(g, st, out);
	if (fflush(out) != 0 || ferror(out))
		ret = -1;
	return ret;
}

int report_write_dir(unsigned mask, const struct grade *g, const struct report_style *st,
		     const char *dir)
{
	struct report_style plain = *st;
	int f, ret = 0;

	plain.color = false;
	plain.step_outputs = false;
	for (f = 0; f < REPORT_COUNT_; f++) {
		char *path;
		FILE *out;

		if (!(mask & (1u << f)))
			continue;
		path = xasprintf("%s/%s", dir, report_formats[f].file);
		out = fopen(path, "w");
		if (!out || report_write((enum report_format)f, g, &plain, out) < 0) {
			fprintf(stderr, "shmgrade: cannot write '%s': %s\n", path, strerror(errno));
			ret = -1;
		}
		if (out && fclose(out) != 0 && ret == 0) {
			fprintf(stderr, "shmgrade: cannot write '%s': %s\n", path, strerror(errno));
			ret = -1;
		}
		free(path);
	}
	return ret;
}

size_t report_utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

unsigned report_utf8_decode(const unsigned char *s, size_t n)
{
	static const unsigned char lead_mask[5] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned cp = s[0] & lead_mask[n < 5 ? n : 1];
	size_t i;

	for (i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return cp;
}

char *report_text_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char *out = xmalloc(strlen((const char *)p) + 1), *o = out;

	while (*p) {
		size_t n = report_utf8_len(p);

		if (n == 0) {
			*o++ = '?';
			p++;
		} else if (n == 1 &&
			   ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f)) {
			p++; /* a control character: dropped */
		} else {
			memcpy(o, p, n);
			o += n;
			p += n;
		}
	}
	*o = '\0';
	return out;
}

const char *report_visible_title(const struct grade_item *c)
{
	return c->hidden ? _("hidden check") : c->title;
}

const char *report_visible_message(const struct grade_item *c)
{
	if (!c->hidden || c->status == ITEM_SKIP)
		return c->message ? c->message : "";
	return _("the details of this check are not shown");
}

const char *report_visible_feedback(const struct grade_item *c)
{
	return c->hidden ? "" : c->feedback ? c->feedback : "";
}

const char *report_points(double v, char *buf, size_t len)
{
	cnum_snprintf(buf, len, "%g", v);
	return buf;
}

const char *report_points_human(double v, char *buf, size_t len)
{
	/* Spanish scores have a decimal comma, whatever the locale says. */
	const char *dp = i18n_lang() == LANG_ES ? "," : i18n_decimal_point();
	char c[32], *p;

	cnum_snprintf(c, sizeof(c), "%g", v);
	p = strchr(c, '.');
	if (p && strcmp(dp, "."))
		snprintf(buf, len, "%.*s%s%s", (int)(p - c), c, dp, p + 1);
	else
		snprintf(buf, len, "%s", c);
	return buf;
}
