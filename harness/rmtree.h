/*
 * rmtree.h - remove a directory tree that a hostile program may have
 * filled: any depth (a nest deeper than PATH_MAX defeats nftw), symbolic
 * links never followed, directories left without write or search
 * permission given them back first.
 */
#ifndef HARNESS_RMTREE_H
#define HARNESS_RMTREE_H

/*
 * Remove path and everything below it. Uses a constant number of file
 * descriptors (it walks down and back up through ".."). Returns 0 (also
 * when path does not exist), or -1 with errno set; what could not be
 * removed stays.
 */
int rmtree(const char *path);

#endif /* HARNESS_RMTREE_H */
