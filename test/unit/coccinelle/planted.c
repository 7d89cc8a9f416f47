// SPDX-License-Identifier: MIT
/* Code that breaks every rule in scripts/coccinelle/ once: the rules must find each. Never compiled. */
struct spinlock { int x; };
struct vcpu_regs { unsigned long x[31]; };
struct vcpu { struct vcpu_regs regs; };
struct hypercall_args { unsigned long a[5]; };
int copy_from_guest(struct vcpu *v, void *d, unsigned long g, unsigned long n);
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
void panic(const char *f, ...);
static struct spinlock lk;

long bad1(struct vcpu *v, const struct hypercall_args *args)
{
	int x;
	copy_from_guest(v, &x, args->a[1], 4);
	return x;
}

long bad2(struct vcpu *v)
{
	int *p = (int *)v->regs.x[1];
	return *p;
}

long bad3(struct vcpu *v, const struct hypercall_args *args)
{
	if (args->a[0] > 5)
		panic("bad");
	if (v->regs.x[2] == 1) {
		panic("also bad");
	}
	return 0;
}

long bad4(int c)
{
	spin_lock(&lk);
	if (c)
		return -1;
	spin_unlock(&lk);
	return 0;
}

long good4(int c)
{
	long r = 0;
	spin_lock(&lk);
	if (c) {
		r = -1;
		goto out;
	}
out:
	spin_unlock(&lk);
	return r;
}
