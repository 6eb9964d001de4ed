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
