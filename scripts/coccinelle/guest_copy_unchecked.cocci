/// A copy from or to guest memory can fail (-EFAULT); its result must be used.
// Confidence: High
// Options: --no-includes --include-headers

virtual report

@r depends on report@
position p;
@@
(
copy_from_guest@p(...);
|
copy_to_guest@p(...);
)

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], "result of a guest copy ignored")
