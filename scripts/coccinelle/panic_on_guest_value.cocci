/// The core never stops on a value a guest controls: a guest register or
/// hypercall argument must be checked and answered with an error, not a panic.
// Confidence: Moderate
// Options: --no-includes --include-headers

virtual report

@r depends on report@
struct vcpu *v;
struct hypercall_args *args;
expression E, F;
statement S;
position p;
@@
(
if (<+... v->regs.x[E] ...+>) { ... panic@p(...); ... } else S
|
if (<+... v->regs.x[E] ...+>) { ... panic@p(...); ... }
|
if (<+... args->a[F] ...+>) { ... panic@p(...); ... } else S
|
if (<+... args->a[F] ...+>) { ... panic@p(...); ... }
|
if (<+... v->regs.x[E] ...+>) panic@p(...);
|
if (<+... args->a[F] ...+>) panic@p(...);
)

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], "panic on a guest-controlled value")
