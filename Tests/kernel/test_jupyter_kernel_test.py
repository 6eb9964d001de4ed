"""The public jupyter_kernel_test suite, with RLScript snippets."""
import unittest

import jupyter_kernel_test as jkt


class RLScriptKernelTests(jkt.KernelTests):
    kernel_name = "rlscript"
    language_name = "rlscript"
    file_extension = ".rls"

    code_hello_world = 'print("hello, world")'
    code_stderr = 'eprint("something went wrong")'
    completion_samples = [
        {"text": "json.pa", "matches": {"parse"}},
        {"text": "uppe", "matches": {"upper"}},
        {"text": "let cfg = {alpha: 1}\ncfg.al", "matches": set()},  # cfg is not defined yet: nothing
    ]
    complete_code_samples = ["1", 'print("hello, world")', "fn f(x) {\n  x + 1\n}", "let xs = [1, 2, 3]"]
    incomplete_code_samples = ["fn f(x) {", "let xs = [1, 2,", "1 +", 'let s = "abc']
    invalid_code_samples = ["let = 1", "1 +* 2", ")", "fn (x) {} }"]
    code_page_something = ":help print"
    code_generate_error = 'error("boom")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": '"ab"'},
        {"code": "[1, 2.5, nil]", "result": "[1, 2.5, nil]"},
        {"code": "tensor([[1, 2], [3, 4]])", "mime": "text/html"},
    ]
    code_display_data = [
        {"code": 'display_svg("<svg xmlns=\\"http://www.w3.org/2000/svg\\" width=\\"4\\" height=\\"4\\"/>")',
         "mime": "image/svg+xml"},
        {"code": "display([{a: 1, b: 2}, {a: 3, b: 4}])", "mime": "text/html"},
        {"code": 'display("text")', "mime": "text/plain"},
    ]
    code_history_pattern = "6?*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "print"
    code_clear_output = "clear_output()"


class RLScriptIopubWelcomeTests(jkt.IopubWelcomeTests):
    kernel_name = "rlscript"
    support_iopub_welcome = True


if __name__ == "__main__":
    unittest.main()
