/* SPDX-License-Identifier: MIT */
/* Error numbers returned to guests: Xen's public errno values (Linux numbering on Arm). */
#ifndef ABI_ERRNO_H
#define ABI_ERRNO_H

/*
 * Hypercalls return 0 or a positive value on success and the negated value
 * of one of these on failure (x0 = -XEN_EINVAL, say).
 */
#define XEN_EPERM 1       /* caller lacks the right over the target */
#define XEN_ENOENT 2      /* no such object (port, ref, domain) */
#define XEN_ESRCH 3       /* no such domain or vCPU */
#define XEN_EIO 5         /* I/O error */
#define XEN_E2BIG 7       /* argument list too long */
#define XEN_EBADF 9       /* bad handle */
#define XEN_EAGAIN 11     /* try again */
#define XEN_ENOMEM 12     /* out of memory or quota */
#define XEN_EACCES 13     /* permission denied */
#define XEN_EFAULT 14     /* a guest address could not be read or written */
#define XEN_EBUSY 16      /* object in use */
#define XEN_EEXIST 17     /* object already exists */
#define XEN_EXDEV 18      /* cross-domain operation refused */
#define XEN_ENODEV 19     /* no such device */
#define XEN_EINVAL 22     /* malformed argument */
#define XEN_ENOSPC 28     /* no space left */
#define XEN_ERANGE 34     /* value out of range */
#define XEN_ENOSYS 38     /* hypercall or sub-operation not implemented */
#define XEN_EOPNOTSUPP 95 /* operation not supported in this configuration */

#endif
