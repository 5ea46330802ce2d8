"""Known script-injection payloads, for every text field and URL contributors or clinics control."""

TEXT = [
    "<script>window.__xss=1;alert(1)</script>",
    "<SCRIPT SRC=//127.0.0.1:1/x.js></SCRIPT>",
    "<img src=x onerror=\"window.__xss=1;alert(1)\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<base href=\"//evil.invalid/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<style>body{display:none}</style>",
    "\"><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    "\" onfocus=\"alert(1)\" autofocus=\"",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--<img src=x onerror=alert(1)>-->",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](java&#x73;cript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "![img](https://tracker.invalid/pixel.png)",
    "<javascript:alert(1)>",
    "[ref][r]\n\n[r]: javascript:alert(1)",
    "[x](https://example.org \"t\\\" onmouseover=\\\"alert(1)\")",
    "{{ config }}",
    "{{7*7}}",
    "{% include 'base.html' %}",
    "${alert(1)}",
]

# Addresses that pass the schema (http/https, no white space) but try to break out of attributes
URLS = [
    "https://example.org/\"><script>alert(1)</script>",
    "https://example.org/'onmouseover='alert(1)",
    "https://example.org/?q=<svg/onload=alert(1)>",
    "https://example.org/#\"onfocus=\"alert(1)",
]

# Addresses the schema must refuse before anything is built
REFUSED_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.invalid/x",
    "file:///etc/passwd",
]
