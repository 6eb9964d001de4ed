"""papermill parameters for RLScript notebooks.

papermill writes injected parameters in the notebook's language through a
"translator"; it has none for RLScript. Import this module (or copy it) before
running papermill from Python:

    import papermill, papermill_rlscript  # registers the translator
    papermill.execute_notebook("in.ipynb", "out.ipynb", kernel_name="rlscript",
                               parameters={"alpha": 0.5, "names": ["a", "b"]})

Parameters become `let name = value` lines after the cell tagged "parameters":
None -> nil, booleans, numbers (NaN and infinities as 0 / 0 and ±1 / 0),
strings (escaped, `$` included), lists and dicts (maps).
"""
import math

from papermill.translators import Translator, papermill_translators


class RLScriptTranslator(Translator):
    @classmethod
    def translate_escaped_str(cls, str_val):
        escapes = {'"': '\\"', "\\": "\\\\", "$": "\\$", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
        out = []
        for ch in str(str_val):
            if ch in escapes:
                out.append(escapes[ch])
            elif ord(ch) < 32 or ord(ch) == 127:
                out.append("\\u{%x}" % ord(ch))
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'

    @classmethod
    def translate_none(cls, val):
        return "nil"

    @classmethod
    def translate_bool(cls, val):
        return "true" if val else "false"

    @classmethod
    def translate_float(cls, val):
        if math.isnan(val):
            return "(0 / 0)"
        if math.isinf(val):
            return "(1 / 0)" if val > 0 else "(-1 / 0)"
        return repr(val)

    @classmethod
    def translate_dict(cls, val):
        return "{" + ", ".join(f"{cls.translate_str(str(k))}: {cls.translate(v)}" for k, v in val.items()) + "}"

    @classmethod
    def translate_list(cls, val):
        return "[" + ", ".join(cls.translate(v) for v in val) + "]"

    @classmethod
    def comment(cls, cmt_str):
        return f"# {cmt_str}".strip()

    @classmethod
    def assign(cls, name, str_val):
        return f"let {name} = {str_val}"


papermill_translators.register("rlscript", RLScriptTranslator)
