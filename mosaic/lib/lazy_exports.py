"""A package's names imported from its modules when first asked for (PEP 562's module
`__getattr__`), for packages whose modules are costly to import and often not needed at all."""
import sys
from importlib import import_module


def lazy_exports(package: str, homes: dict[str, str]):
    """The `__getattr__` of `package`: each name in `homes` comes from the module named beside it
    (relative to the package) on first use, and is kept in the package from then on."""

    def __getattr__(name: str):
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{homes[name]}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
