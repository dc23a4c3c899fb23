"""``derive grad``: matrix LaTeX in, a checked derivation by differentials out; bad input is one line."""
from derive.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_least_squares_tex_ends_at_2_XT_residual(capsys):
    code, out, err = run(capsys, "grad", r"\|\mathbf X \mathbf w - \mathbf y\|^2", "--wrt", "w", "--format", "tex")
    assert code == 0 and err == ""
    assert out.lstrip().startswith(r"\begin{align*}") and r"\times" not in out
    last = [line for line in out.splitlines() if line.startswith("&=")][-1]
    assert last.startswith(r"&= 2 \mathbf{X}^{\top} \left(\mathbf{X} \mathbf{w} - \mathbf{y}\right)")
    assert r"\text{quadratic form" in out and r"\mathrm{d}\mathbf{w}" in out


def test_log_det_spd_ends_at_sigma_inverse(capsys):
    code, out, _ = run(capsys, "grad", r"\log\det \mathbf\Sigma", "--wrt", "Sigma", "--assume", "Sigma=spd")
    assert code == 0
    lines = out.rstrip().splitlines()
    assert lines[-2].strip().endswith("= Σ") and lines[-3].strip() == "-1"   # the last form: Σ⁻¹
    assert "symmetric positive definite" in out and "REFUTED" not in out


def test_markdown_and_shapes(capsys):
    code, out, _ = run(capsys, "grad", r"\|\mathbf X \mathbf w - \mathbf y\|^2", "--wrt", r"\mathbf w",
                       "--shape", "X=mxp", "--format", "md")
    assert code == 0 and "$$" in out and "denominator layout" in out and r"\mathbf{X}" in out


def test_bad_input_is_one_line_exit_2(capsys):
    for argv in (["grad", r"\|\mathbf X \mathbf w - ", "--wrt", "w"],
                 ["grad", r"\mathbf X \mathbf w", "--wrt", "w"],
                 ["grad", r"\|\mathbf X \mathbf w\|^2", "--wrt", "v"],
                 ["grad", r"\|\mathbf X \mathbf w\|^2", "--wrt", "w", "--shape", "X=3"],
                 ["grad", r"\|\mathbf X \mathbf w\|^2", "--wrt", "w", "--assume", "X=orthogonal"]):
        code, out, err = run(capsys, *argv)
        assert code == 2, argv
        assert err.startswith("derive: error:") and len(err.strip().splitlines()) <= 2 and "Traceback" not in err


def test_tex_keeps_the_rules_maths_as_latex(capsys):
    """The rule texts' $...$ maths reaches LaTeX as maths, not as escaped backslashes."""
    code, out = run(capsys, "grad", r"\|\mathbf X \mathbf w - \mathbf y\|^2", "--wrt", "w", "--format", "tex")[:2]
    assert code == 0
    assert r"\textbackslash" not in out and r"\operatorname{tr}(G^{\top} dW)" in out
