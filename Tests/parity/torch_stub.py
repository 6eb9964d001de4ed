"""A stand-in for `torch`, installed into sys.modules before `import obp`.

obp 0.5.x imports torch at module level (obp/utils.py, obp/policy/offline*.py)
but its off-policy estimators and bootstrap never call it; the PyPI torch
wheel is gigabytes of CUDA libraries. This stub provides just the names those
imports and class definitions touch (torch.nn.Module, torch.utils.data.Dataset,
...), so `obp.ope` runs its real numpy code.
"""
import sys
import types


def install():
    if "torch" in sys.modules:
        return
    torch = types.ModuleType("torch")
    nn = types.ModuleType("torch.nn")
    functional = types.ModuleType("torch.nn.functional")
    optim = types.ModuleType("torch.optim")
    utils = types.ModuleType("torch.utils")
    data = types.ModuleType("torch.utils.data")

    class _Placeholder:
        def __init__(self, *args, **kwargs):
            raise RuntimeError("torch is stubbed out in the parity harness")

    nn.Module = _Placeholder
    data.Dataset = _Placeholder
    data.DataLoader = _Placeholder
    torch.Tensor = _Placeholder
    torch.tensor = _Placeholder
    functional.mse_loss = None
    nn.functional = functional
    torch.nn = nn
    torch.optim = optim
    torch.utils = utils
    utils.data = data
    for name, module in {
        "torch": torch, "torch.nn": nn, "torch.nn.functional": functional,
        "torch.optim": optim, "torch.utils": utils, "torch.utils.data": data,
    }.items():
        sys.modules[name] = module
