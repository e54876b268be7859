/*
 * class_scan.c - find the submissions of a class folder and name them
 * after the layout they were downloaded in (class_scan.h).
 */
#include "graders/cli/class_scan.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/util/sha256.h"
#include "graders/engine/workdir.h"
#include "util/util.h"
#include "util/xalloc.h"

static char *class_scan_strndup(const char *s, size_t n)
{
	char *r = xstrdup(s);

	if (strlen(r) > n)
		r[n] = 0;
	return r;
}

/* What an entry's name says (pointers into copies owned by the caller). */
struct class_scan_name {
	const char *layout;
	char *student, *id;
	char *member; /* a file's own name in a grouped layout, else NULL */
};

static bool class_scan_all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

/* "Full Name_12345_assignsubmission_file_[rest]": the last
 * "_assignsubmission_" marker, the id before it after the last '_'. */
static bool class_scan_parse_moodle(const char *e, bool dir, struct class_scan_name *n)
{
	const char *m = NULL, *p = e, *us, *rest;

	while ((p = strstr(p, "_assignsubmission_")))
		m = p++;
	if (!m)
		return false;
	for (us = m - 1; us > e && *us != '_'; us--)
		;
	if (us <= e || !class_scan_all_digits(us + 1, (size_t)(m - us - 1)))
		return false;
	rest = strchr(m + 18, '_'); /* after the plugin name ("file") */
	rest = rest ? rest + 1 : m + strlen(m);
	if (!dir && !*rest)
		return false;
	n->layout = "moodle";
	n->student = class_scan_strndup(e, (size_t)(us - e));
	n->id = class_scan_strndup(us + 1, (size_t)(m - us - 1));
	n->member = dir ? NULL : xstrdup(rest);
	return true;
}

/* "lastfirst[_LATE]_12345_67890_rest" (a file). */
static bool class_scan_parse_canvas(const char *e, struct class_scan_name *n)
{
	const char *a = strchr(e, '_'), *id, *b, *c;

	if (!a || a == e)
		return false;
	id = a + 1;
	if (!strncmp(id, "LATE_", 5))
		id += 5;
	b = strchr(id, '_');
	if (!b || !class_scan_all_digits(id, (size_t)(b - id)))
		return false;
	c = strchr(b + 1, '_');
	if (!c || !class_scan_all_digits(b + 1, (size_t)(c - b - 1)) || !c[1])
		return false;
	n->layout = "canvas";
	n->student = class_scan_strndup(e, (size_t)(a - e));
	n->id = class_scan_strndup(id, (size_t)(b - id));
	n->member = xstrdup(c + 1);
	return true;
}

static bool class_scan_has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcmp(s + a - b, suf);
}

/* Whether folder e of dfd is an output of `shmgrade grade` (a shard's
 * written inside the class folder, say): it holds gradebook.csv and
 * students/. */
static bool class_scan_is_output(int dfd, const char *e)
{
	char a[PATH_MAX], b[PATH_MAX];

	snprintf(a, sizeof(a), "%s/gradebook.csv", e);
	snprintf(b, sizeof(b), "%s/students", e);
	return faccessat(dfd, a, F_OK, 0) == 0 && faccessat(dfd, b, F_OK, 0) == 0;
}

/* Name an entry; false when it is not a submission. */
static bool class_scan_parse(int dfd, const char *e, bool dir, struct class_scan_name *n)
{
	memset(n, 0, sizeof(*n));
	if (dir && class_scan_is_output(dfd, e))
		return false;
	if (class_scan_parse_moodle(e, dir, n))
		return true;
	if (!dir && class_scan_parse_canvas(e, n))
		return true;
	if (dir) {
		char git[PATH_MAX];

		snprintf(git, sizeof(git), "%s/.git", e);
		n->layout = faccessat(dfd, git, F_OK, AT_SYMLINK_NOFOLLOW) == 0 ? "git" : "folder";
		n->student = xstrdup(e);
		n->id = xstrdup("");
		return true;
	}
	if (!class_scan_has_suffix(e, ".c") || strlen(e) < 3)
		return false;
	n->layout = "file";
	n->student = class_scan_strndup(e, strlen(e) - 2);
	n->id = xstrdup("");
	return true;
}

/* Latin-1 supplement letters (U+00C0..U+00FF) without their accents. */
static const char class_scan_latin1[] = "AAAAAAACEEEEIIIIDNOOOOO-OUUUUYTs"
					"aaaaaaaceeeeiiiidnooooo-ouuuuyty";

/* Append the ASCII form of name to out (cap bytes): letters and digits
 * kept, accents dropped, anything else a '-', runs collapsed. Returns
 * whether anything but '-' for ' ' had to change. */
static bool class_scan_slug_part(const char *name, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t len = strlen(out);
	bool changed = false;

	while (*p && len + 2 < cap) {
		char c = '-';

		if (isalnum(*p) && *p < 0x80) {
			c = (char)*p++;
		} else if ((p[0] == 0xc3) && p[1] >= 0x80 && p[1] <= 0xbf) {
			c = class_scan_latin1[p[1] - 0x80];
			changed = true;
			p += 2;
		} else {
			changed |= *p != ' ' && *p != '-';
			p++;
		}
		if (c == '-' && (len == 0 || out[len - 1] == '-'))
			continue;
		out[len++] = c;
		out[len] = 0;
	}
	while (len && out[len - 1] == '-')
		out[--len] = 0;
	return changed;
}

static char *class_scan_slug(const char *entry, const char *student, const char *id)
{
	char buf[96] = "", hex[65];
	bool changed = class_scan_slug_part(student, buf, 64);
	struct sha256 h;

	if (!buf[0])
		strcpy(buf, "student");
	if (*id && strcmp(id, student)) {
		strcat(buf, "_");
		class_scan_slug_part(id, buf, sizeof(buf) - 1);
		return xstrdup(buf);
	}
	if (*id || (!changed && strcmp(buf, student) == 0))
		return xstrdup(buf);
	sha256_init(&h);
	sha256_update(&h, entry, strlen(entry));
	sha256_hex(&h, hex);
	hex[8] = 0;
	return xasprintf("%s-%s", buf, hex);
}

static int class_scan_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted entry names of dir (hidden ones left out). */
static char **class_scan_read_dir(DIR *d, size_t *n)
{
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	while ((de = readdir(d))) {
		/* Hidden entries, and what macOS's zip adds. */
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "__MACOSX"))
			continue;
		if (*n == cap)
			v = xrealloc(v, (cap = cap ? 2 * cap : 64), sizeof(*v));
		v[(*n)++] = xstrdup(de->d_name);
	}
	if (*n)
		qsort(v, *n, sizeof(*v), class_scan_cmp_str);
	return v;
}

static struct class_sub *class_scan_find_group(struct class_list *l,
					       const struct class_scan_name *n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->subs[i].members && l->subs[i].layout == n->layout &&
		    !strcmp(l->subs[i].student, n->student) && !strcmp(l->subs[i].id, n->id))
			return &l->subs[i];
	return NULL;
}

static void class_scan_add(struct class_list *l, const char *dir, const char *e,
			   struct class_scan_name *n)
{
	struct class_sub *s = n->member ? class_scan_find_group(l, n) : NULL;
	char *path = xasprintf("%s/%s", dir, e);

	if (!s) {
		l->subs = xrealloc(l->subs, (l->n + 1), sizeof(*l->subs));
		s = &l->subs[l->n++];
		memset(s, 0, sizeof(*s));
		s->entry = xstrdup(e);
		s->path = xstrdup(path);
		s->layout = n->layout;
		s->student = n->student;
		s->id = n->id;
		s->slug = class_scan_slug(e, n->student, n->id);
	} else {
		free(n->student);
		free(n->id);
	}
	if (n->member) {
		s->members = xrealloc(s->members, (s->nmembers + 1), sizeof(*s->members));
		s->members[s->nmembers].path = path;
		s->members[s->nmembers++].name = n->member;
		return;
	}
	free(path);
}

/* GitHub Classroom names repositories "assignment-username": when every
 * git folder (two or more) starts with the same prefix ending in '-',
 * the student is what follows it. */
static void class_scan_strip_git_prefix(struct class_list *l)
{
	size_t i, plen = 0, nrepos = 0;
	const char *first = NULL;

	for (i = 0; i < l->n; i++) {
		const char *s = l->subs[i].student;

		if (strcmp(l->subs[i].layout, "git"))
			continue;
		if (!first) {
			first = s;
			plen = strlen(s);
		}
		while (plen && strncmp(first, s, plen))
			plen--;
		nrepos++;
	}
	while (plen && first[plen - 1] != '-')
		plen--;
	if (nrepos < 2 || !plen)
		return;
	for (i = 0; i < l->n; i++) {
		struct class_sub *s = &l->subs[i];

		if (strcmp(s->layout, "git") || !s->student[plen])
			continue;
		memmove(s->student, s->student + plen, strlen(s->student + plen) + 1);
		free(s->id);
		s->id = xstrdup(s->student);
		free(s->slug);
		s->slug = class_scan_slug(s->entry, s->student, s->id);
	}
}

/* A grouped submission of one file is that file. */
static void class_scan_ungroup_single(struct class_sub *s)
{
	if (s->nmembers != 1)
		return;
	free(s->members[0].path);
	free(s->members[0].name);
	free(s->members);
	s->members = NULL;
	s->nmembers = 0;
}

/* Two entries that come out with the same slug ("tarea.c" and "tarea/")
 * keep it apart: every later one gets a short hash of its entry. */
static void class_scan_unique_slugs(struct class_list *l)
{
	size_t i, j;

	for (i = 1; i < l->n; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(l->subs[i].slug, l->subs[j].slug)) {
				char hex[65], *s;
				struct sha256 h;

				sha256_init(&h);
				sha256_update(&h, l->subs[i].entry, strlen(l->subs[i].entry));
				sha256_hex(&h, hex);
				hex[8] = 0;
				s = xasprintf("%s-%s", l->subs[i].slug, hex);
				free(l->subs[i].slug);
				l->subs[i].slug = s;
				j = (size_t)-1; /* compare the new slug with all again */
			}
}

int class_scan(const char *dir, const char *skip, struct class_list *l)
{
	struct stat st, skst;
	DIR *d = opendir(dir);
	char **names;
	size_t n, i;
	bool have_skip = skip && stat(skip, &skst) == 0;

	memset(l, 0, sizeof(*l));
	if (!d)
		return -1;
	names = class_scan_read_dir(d, &n);
	for (i = 0; i < n; i++) {
		struct class_scan_name cn;
		bool isdir;

		if (fstatat(dirfd(d), names[i], &st, 0) < 0 ||
		    (have_skip && st.st_dev == skst.st_dev && st.st_ino == skst.st_ino)) {
			free(names[i]);
			continue;
		}
		isdir = S_ISDIR(st.st_mode);
		if ((!isdir && !S_ISREG(st.st_mode)) ||
		    !class_scan_parse(dirfd(d), names[i], isdir, &cn)) {
			l->skipped = xrealloc(l->skipped, (l->nskipped + 1), sizeof(char *));
			l->skipped[l->nskipped++] = names[i];
			continue;
		}
		class_scan_add(l, dir, names[i], &cn);
		free(names[i]);
	}
	free(names);
	closedir(d);
	for (i = 0; i < l->n; i++)
		class_scan_ungroup_single(&l->subs[i]);
	class_scan_strip_git_prefix(l);
	class_scan_unique_slugs(l);
	return 0;
}

void class_list_release(struct class_list *l)
{
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		struct class_sub *s = &l->subs[i];

		for (j = 0; j < s->nmembers; j++) {
			free(s->members[j].path);
			free(s->members[j].name);
		}
		free(s->members);
		free(s->entry);
		free(s->path);
		free(s->student);
		free(s->id);
		free(s->slug);
	}
	for (i = 0; i < l->nskipped; i++)
		free(l->skipped[i]);
	free(l->skipped);
	free(l->subs);
	memset(l, 0, sizeof(*l));
}

static int class_scan_hash_fd(int fd, struct sha256 *h)
{
	char buf[65536];
	ssize_t r;

	while ((r = EINTR_RETRY(read(fd, buf, sizeof(buf)))) != 0) {
		if (r < 0)
			return -1;
		sha256_update(h, buf, (size_t)r);
	}
	return 0;
}

/* One entry: a tag, its name, then its content. */
static int class_scan_hash_at(int dfd, const char *name, struct sha256 *h, int depth);

static int class_scan_hash_dir(int fd, struct sha256 *h, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, i;
	int ret = 0;

	if (!d) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".git"))
			continue;
		v = xrealloc(v, (n + 1), sizeof(*v));
		v[n++] = xstrdup(de->d_name);
	}
	if (n)
		qsort(v, n, sizeof(*v), class_scan_cmp_str);
	for (i = 0; i < n; i++) {
		if (ret == 0 && class_scan_hash_at(dirfd(d), v[i], h, depth + 1) < 0)
			ret = -1;
		free(v[i]);
	}
	free(v);
	sha256_update(h, "E", 2);
	closedir(d);
	return ret;
}

static int class_scan_hash_at(int dfd, const char *name, struct sha256 *h, int depth)
{
	struct stat st;
	char target[PATH_MAX];
	ssize_t len;
	int fd;

	if (depth > 64) {
		errno = ELOOP;
		return -1;
	}
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	sha256_update(h, S_ISDIR(st.st_mode) ? "D" : S_ISREG(st.st_mode) ? "F" : "L", 1);
	sha256_update(h, name, strlen(name) + 1);
	if (S_ISLNK(st.st_mode)) {
		len = readlinkat(dfd, name, target, sizeof(target));
		sha256_update(h, target, len > 0 ? (size_t)len : 0);
		return 0;
	}
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return 0; /* a FIFO or device: never read it */
	sha256_update(h, (st.st_mode & 0111) ? "x" : "-", 1);
	fd = openat(dfd, name,
		    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0));
	if (fd < 0)
		return -1;
	if (S_ISDIR(st.st_mode))
		return class_scan_hash_dir(fd, h, depth);
	if (class_scan_hash_fd(fd, h) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int class_scan_hash_path(const char *path, struct sha256 *h)
{
	return class_scan_hash_at(AT_FDCWD, path, h, 0);
}

int class_sub_hash(const struct class_sub *s, struct sha256 *h)
{
	size_t i;

	if (!s->members)
		return class_scan_hash_at(AT_FDCWD, s->path, h, 0);
	for (i = 0; i < s->nmembers; i++) {
		int fd = open(s->members[i].path, O_RDONLY | O_CLOEXEC);

		sha256_update(h, s->members[i].name, strlen(s->members[i].name) + 1);
		if (fd < 0 || class_scan_hash_fd(fd, h) < 0) {
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}

int class_sub_stage(const struct class_sub *s, const char *dir)
{
	size_t i;

	for (i = 0; i < s->nmembers; i++) {
		char *dst;
		int r;

		if (strchr(s->members[i].name, '/')) {
			errno = EINVAL;
			return -1;
		}
		dst = xasprintf("%s/%s", dir, s->members[i].name);
		r = workdir_copy_file(s->members[i].path, dst);
		free(dst);
		if (r < 0)
			return -1;
	}
	return 0;
}

unsigned class_sub_shard(const struct class_sub *s, unsigned n)
{
	/* FNV-1a: the same on every machine and every run. */
	unsigned long long h = 1469598103934665603ULL;
	const unsigned char *p;

	for (p = (const unsigned char *)s->slug; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return n ? (unsigned)(h % n) : 0;
}
