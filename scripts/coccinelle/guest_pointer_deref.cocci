/// A value a guest put in a register is an address in its own space: turning it
/// into a pointer of the core bypasses translation and checks. Use copy_from_guest.
// Confidence: High
// Options: --no-includes --include-headers

virtual report

@r depends on report@
struct vcpu *v;
struct hypercall_args *args;
type T;
expression E;
position p;
@@
(
 (T *)v->regs.x[E]@p
|
 (T *)args->a[E]@p
)

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], "guest-supplied value used as a pointer")
