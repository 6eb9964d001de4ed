"""Every notebook in Notebooks/ runs to the end with no error output."""
import glob
import os

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = os.environ.get("RLS_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "Notebooks", "*.ipynb")))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[os.path.basename(p) for p in NOTEBOOKS])
def test_notebook_runs_without_errors(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="rlscript", allow_errors=False,
                   resources={"metadata": {"path": os.path.dirname(path)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"{os.path.basename(path)}: {out.get('ename')}: {out.get('evalue')}"


def test_papermill_runs_the_tour(tmp_path):
    import papermill

    tour = os.path.join(ROOT, "Notebooks", "tour.ipynb")
    out = tmp_path / "tour-out.ipynb"
    papermill.execute_notebook(tour, str(out), kernel_name="rlscript", progress_bar=False, cwd=os.path.dirname(tour))
    nb = nbformat.read(str(out), as_version=4)
    assert not any(o.output_type == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_papermill_parameters(tmp_path):
    import sys

    import nbformat.v4 as v4
    import papermill

    sys.path.insert(0, os.path.join(ROOT, "docs"))
    import papermill_rlscript  # noqa: F401  (registers the translator)

    nb = v4.new_notebook(metadata={"kernelspec": {"name": "rlscript", "display_name": "RLScript", "language": "rlscript"}})
    params = v4.new_code_cell('let alpha = 0.1\nlet name = "x"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, v4.new_code_cell("[alpha, name, flags, cfg, nothing, len(weird)]")]
    src, out = tmp_path / "p.ipynb", tmp_path / "p-out.ipynb"
    nbformat.write(nb, str(src))
    weird = 'a "quoted" ${not} \\ line\nbreak'
    papermill.execute_notebook(str(src), str(out), kernel_name="rlscript", progress_bar=False, parameters={
        "alpha": 0.5, "name": "run-1", "flags": [True, False], "cfg": {"lr": 1e-3, "n": 3}, "nothing": None, "weird": weird})
    result = nbformat.read(str(out), as_version=4).cells[-1].outputs[0]["data"]["text/plain"]
    assert result == f'[0.5, "run-1", [true, false], {{lr: 0.001, n: 3}}, nil, {len(weird)}]'
