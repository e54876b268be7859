/*
 * build_headers.h - a compile reads only the sources handed in and the
 * system's headers.
 *
 * In fallback mode a build sees the host's files, so '#include
 * "/home/x/solution.c"' or "../../other/prog.c" would compile a program
 * from files nobody handed in (a classmate's, shmgrade's own reference
 * solutions). Every compile shmgrade runs gets -H, which makes gcc and clang
 * print each header they open ("... /usr/include/stdio.h"); those lines
 * are taken out of the compiler's messages and each path is checked.
 */
#ifndef GRADERS_BUILD_HEADERS_H
#define GRADERS_BUILD_HEADERS_H

/*
 * Take the -H lines out of *output (rewritten in place) and return the
 * first header (malloc'ed, as the compiler named it) that lies neither in
 * dir (the folder the compiler ran in, an absolute path), nor in data (the
 * exercise's data folder, or NULL), nor in the system's include folders
 * (/usr/include, /usr/lib, /usr/lib64, /usr/local/include); NULL
 * when every one does.
 */
char *build_headers_take(char *output, const char *dir, const char *data);

#endif /* GRADERS_BUILD_HEADERS_H */
