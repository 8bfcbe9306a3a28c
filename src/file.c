/*
 * Whole files (file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"

int
file_read(const char *path, struct buf *out)
{
	char	chunk[65536];
	ssize_t	n;
	int	fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			n = errno;
			close(fd);
			errno = (int)n;
			return -1;
		}
		buf_put(out, chunk, (size_t)n);
	}
	close(fd);
	buf_put(out, "", 0);	/* data is never NULL, even when empty */
	return 0;
}
