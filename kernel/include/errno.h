/* SPDX-License-Identifier: MIT */
/* Error numbers inside the core: the same values guests see (abi/errno.h). */
#ifndef ERRNO_H
#define ERRNO_H

#include <abi/errno.h>

#define EPERM XEN_EPERM
#define ENOENT XEN_ENOENT
#define ESRCH XEN_ESRCH
#define ENOMEM XEN_ENOMEM
#define EFAULT XEN_EFAULT
#define EBUSY XEN_EBUSY
#define EEXIST XEN_EEXIST
#define EINVAL XEN_EINVAL
#define ENOSPC XEN_ENOSPC
#define ENOSYS XEN_ENOSYS
#define EOPNOTSUPP XEN_EOPNOTSUPP

#endif
