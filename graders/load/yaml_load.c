/*
 * yaml_load.c - libyaml events to a ynode tree, and typed accessors over it
 * (see yaml_load.h). The only file that includes <yaml.h>.
 *
 * Hostile input is expected (a fuzzer feeds this file): sizes, depth, node
 * counts and map widths are capped before anything grows with them, and
 * every libyaml event is deleted on every path.
 */
#include "graders/load/yaml_load.h"

#include "graders/load/ynode.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "graders/report/i18n.h"
#include "util/xalloc.h"

/* Caps that keep a hostile file from costing much: node count bounds memory,
 * map width bounds the quadratic duplicate-key check. */
#define YAML_LOAD_MAX_NODES 20000
#define YAML_LOAD_MAX_MAP 1000

struct yparse {
	yaml_parser_t parser;
	struct diag_list *d;
	size_t nodes;
};

static struct ynode *yaml_load_node_new(enum ynode_kind kind, yaml_mark_t m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->mark.line = (int)m.line + 1;
	n->mark.col = (int)m.column + 1;
	return n;
}

static void yaml_load_node_add(struct ynode *parent, struct ynode *kid)
{
	if (parent->nkids == parent->akids) {
		parent->akids = parent->akids ? 2 * parent->akids : 4;
		parent->kids = xrealloc(parent->kids, parent->akids, sizeof(*parent->kids));
	}
	parent->kids[parent->nkids++] = kid;
}

void ynode_free(struct ynode *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nkids; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

/* Report libyaml's own error ("did not find expected key while parsing a
 * block mapping") at the position it gives. */
static void yaml_load_syntax_error(struct yparse *y)
{
	const yaml_parser_t *p = &y->parser;
	const char *problem = p->problem ? p->problem : "unknown error";
	yaml_mark_t m = p->problem_mark;

	if (p->error == YAML_MEMORY_ERROR) {
		diag_error(y->d, 0, 0, _("out of memory while parsing YAML"));
		return;
	}
	if (p->context)
		diag_error(y->d, (int)m.line + 1, (int)m.column + 1, _("yaml syntax error: %s %s"),
			   problem, p->context);
	else
		diag_error(y->d, (int)m.line + 1, (int)m.column + 1, _("yaml syntax error: %s"),
			   problem);
}

static int yaml_load_next(struct yparse *y, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&y->parser, ev)) {
		yaml_load_syntax_error(y);
		return -1;
	}
	return 0;
}

static struct ynode *yaml_load_node(struct yparse *y, yaml_event_t *ev, int depth);

static struct ynode *yaml_load_scalar(struct yparse *y, yaml_event_t *ev)
{
	struct ynode *n;
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;

	if (memchr(v, '\0', len)) {
		diag_error(y->d, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1,
			   _("a value holds a NUL character"));
		return NULL;
	}
	n = yaml_load_node_new(YNODE_SCALAR, ev->start_mark);
	n->text = xmalloc(len + 1);
	memcpy(n->text, v, len);
	n->text[len] = '\0';
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	return n;
}

/* Keys must be scalars, and unique: a repeated key would silently replace
 * the first value in most YAML readers, so it is an error here. */
static int yaml_load_check_key(struct yparse *y, const struct ynode *map, const struct ynode *key)
{
	size_t i;

	if (key->kind != YNODE_SCALAR) {
		diag_error(y->d, key->mark.line, key->mark.col,
			   _("a map key must be a plain name, not %s"), ynode_kind_desc(key));
		return -1;
	}
	if (map->nkids / 2 >= YAML_LOAD_MAX_MAP) {
		diag_error(y->d, key->mark.line, key->mark.col, _("a map has more than %d keys"),
			   YAML_LOAD_MAX_MAP);
		return -1;
	}
	for (i = 0; i < map->nkids; i += 2)
		if (!strcmp(map->kids[i]->text, key->text)) {
			diag_error(y->d, key->mark.line, key->mark.col,
				   _("duplicate key '%s' (first at line %d)"), key->text,
				   map->kids[i]->mark.line);
			return -1;
		}
	return 0;
}

/* Parse the children of a sequence or mapping whose start event was just
 * read, up to and including its end event. */
static int yaml_load_kids(struct yparse *y, struct ynode *n, int depth)
{
	yaml_event_t ev;
	yaml_event_type_t end =
		n->kind == YNODE_SEQ ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT;
	struct ynode *kid;

	for (;;) {
		if (yaml_load_next(y, &ev) < 0)
			return -1;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return 0;
		}
		kid = yaml_load_node(y, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!kid)
			return -1;
		if (n->kind == YNODE_MAP && n->nkids % 2 == 0 &&
		    yaml_load_check_key(y, n, kid) < 0) {
			ynode_free(kid);
			return -1;
		}
		yaml_load_node_add(n, kid);
	}
}

/* Build the node that starts with ev (which the caller deletes). */
static struct ynode *yaml_load_node(struct yparse *y, yaml_event_t *ev, int depth)
{
	struct ynode *n;
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;

	if (++y->nodes > YAML_LOAD_MAX_NODES) {
		diag_error(y->d, line, col, _("the file has more than %d values"),
			   YAML_LOAD_MAX_NODES);
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT: return yaml_load_scalar(y, ev);
	case YAML_ALIAS_EVENT:
		diag_error(y->d, line, col,
			   _("aliases (*%s) are not supported: write the value again"),
			   (const char *)ev->data.alias.anchor);
		return NULL;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (depth >= YAML_MAX_DEPTH) {
			diag_error(y->d, line, col, _("values nested more than %d deep"),
				   YAML_MAX_DEPTH);
			return NULL;
		}
		n = yaml_load_node_new(ev->type == YAML_SEQUENCE_START_EVENT ? YNODE_SEQ
									     : YNODE_MAP,
				       ev->start_mark);
		if (yaml_load_kids(y, n, depth) < 0) {
			ynode_free(n);
			return NULL;
		}
		return n;
	default: diag_error(y->d, line, col, _("unexpected yaml event")); return NULL;
	}
}

/* Expect an event of type want; anything else is reported with what. */
static int yaml_load_expect(struct yparse *y, yaml_event_type_t want, yaml_event_t *ev)
{
	if (yaml_load_next(y, ev) < 0)
		return -1;
	if (ev->type == want)
		return 0;
	yaml_event_delete(ev);
	return 1;
}

static struct ynode *yaml_load_document(struct yparse *y)
{
	yaml_event_t ev;
	struct ynode *root = NULL;
	int r;

	if (yaml_load_expect(y, YAML_STREAM_START_EVENT, &ev))
		return NULL;
	yaml_event_delete(&ev);
	if ((r = yaml_load_expect(y, YAML_DOCUMENT_START_EVENT, &ev)) != 0) {
		if (r > 0)
			diag_error(y->d, 0, 0, _("the file is empty"));
		return NULL;
	}
	yaml_event_delete(&ev);
	if (yaml_load_next(y, &ev) < 0)
		return NULL;
	root = yaml_load_node(y, &ev, 0);
	yaml_event_delete(&ev);
	if (!root)
		return NULL;
	if (yaml_load_expect(y, YAML_DOCUMENT_END_EVENT, &ev))
		goto fail;
	yaml_event_delete(&ev);
	if ((r = yaml_load_expect(y, YAML_STREAM_END_EVENT, &ev)) != 0) {
		if (r > 0)
			diag_error(y->d, (int)y->parser.mark.line + 1, 1,
				   _("only one YAML document per file"));
		goto fail;
	}
	yaml_event_delete(&ev);
	return root;
fail:
	ynode_free(root);
	return NULL;
}

struct ynode *yaml_parse(const char *buf, size_t len, struct diag_list *d)
{
	struct yparse y;
	struct ynode *root;

	if (len > YAML_MAX_BYTES) {
		diag_error(d, 0, 0, _("the file is larger than %d bytes"), YAML_MAX_BYTES);
		return NULL;
	}
	memset(&y, 0, sizeof(y));
	y.d = d;
	if (!yaml_parser_initialize(&y.parser)) {
		diag_error(d, 0, 0, _("out of memory while parsing YAML"));
		return NULL;
	}
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)buf, len);
	root = yaml_load_document(&y);
	yaml_parser_delete(&y.parser);
	if (root && root->kind == YNODE_SCALAR && ynode_is_null(root)) {
		diag_error(d, 0, 0, _("the file is empty"));
		ynode_free(root);
		return NULL;
	}
	return root;
}
