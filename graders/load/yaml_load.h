/*
 * yaml_load.h - YAML text to a small tree of nodes with positions, and the
 * typed accessors the exercise loader reads it with.
 *
 * yaml_load.c is the only file that includes <yaml.h>: it turns libyaml's
 * events into struct ynode trees (scalars, sequences, maps; every node with
 * its 1-based line and column) and drops libyaml's objects at once. Aliases
 * (*name) are refused (they make graphs, not trees); anchors and tags are
 * ignored; one document per file.
 *
 * Ownership: yaml_parse() returns a tree the caller frees with ynode_free().
 */
#ifndef GRADERS_YAML_LOAD_H
#define GRADERS_YAML_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/load/diag.h"
#include "graders/load/exercise.h"

enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode {
	enum ynode_kind kind;
	struct mark mark;
	char *text;	     /* scalar: owned, NUL-terminated (a NUL inside is
				rejected by the parser) */
	bool plain;	     /* scalar written without quotes */
	struct ynode **kids; /* seq: items; map: key, value, key, value... */
	size_t nkids, akids;
};

/* Inputs larger than this are refused (no exercise is that long). */
#define YAML_MAX_BYTES (1024 * 1024)
/* Deeper nesting is refused (an exercise needs about 6 levels). */
#define YAML_MAX_DEPTH 32

/* Parse buf (len bytes, need not end in NUL). Returns the root node, or
 * NULL with errors in d (syntax errors, aliases, an empty or multi-document
 * stream, too big, too deep). */
struct ynode *yaml_parse(const char *buf, size_t len, struct diag_list *d);
void ynode_free(struct ynode *n);

/* Accessors over the tree: ynode.h. */

#endif /* GRADERS_YAML_LOAD_H */
