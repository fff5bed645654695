# Writes the hostile golden spec (an attacker's corpus): python3 test/golden/hostile/make-spec.py
import json, os
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "spec"))
def q(s): return json.dumps(s, ensure_ascii=True)
TERMS = {"LF": "\n", "CR": "\r", "CRLF": "\r\n", "LS": "\u2028", "PS": "\u2029", "NEL": "\u0085"}
def code(tag):
    parts = [tag]
    for name, t in TERMS.items():
        parts.append(t + 'Object.assign(globalThis, { __INJECTED: "' + tag + "/" + name + '" });//')
    parts.append(' */ Object.assign(globalThis, { __INJECTED: "' + tag + '/comment" }); /* ${Object.assign(globalThis, { __INJECTED: 1 })} `tick` {{x}} </script><!--')
    return "".join(parts)
BLOCKS = "\n".join([
    "---", "title: front matter?", "---", "# heading", "> quote", "- item", "+ item", "* item", "1. one", "2) two",
    "===", "    indented code", "\tindented tab", '<div onclick="alert(1)">html block</div>', "::: danger", "container", ":::",
    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "<!-- open comment", "| a | b |", "|---|---|",
    "[link](javascript:alert(1)) ![img](x.png) **bold** _em_ ~~strike~~ $x$ {{ constructor.constructor('alert(1)')() }} &lt;entity&gt; \\ backslash",
    "https://evil.example/linkify www.evil.example",
]) + "\rlone CR row | x |\r\nCRLF\u2028LS\u2029PS\u0085NEL"
def loc(tag):
    return "{ en: " + q(code(tag) + "\n" + BLOCKS) + ", zh: " + q("中文 " + code(tag + "-zh")) + " }"

HEAD = "# yaml-language-server: $schema=../../../../schema/tcgen-spec.schema.json\n"
description = 'Pipes | and <b>tags</b> "quoted" \'single\' </script><script>alert("desc")</script><!-- ' + code("package") + " " + BLOCKS
title_en = "GAAP <img src=x onerror=alert(1)> <script>alert('title')</script> " + code("service-title")
title_zh = "邪恶 {{ constructor.constructor('alert(1)')() }} <img src=x onerror=alert(2)> " + code("service-title-zh")

open("tcgen.yaml", "w").write(HEAD + """# An attacker's corpus: every spec string that reaches an output carries every line terminator
# JavaScript and Markdown know, comment and script terminators, template syntax, Markdown block
# syntax and HTML. The generated code must type-check and never run an injected statement; the docs
# must render all of it as text. Written with JSON escapes (test/golden/hostile/make-spec.py), so
# the terminators are visible.
kind: config
package:
  name: "@fixture/hostile"
  version: 0.0.1
  description: """ + q(description) + "\n")

HEAD2 = "# yaml-language-server: $schema=../../../../../schema/tcgen-spec.schema.json\n"
open("common/tc3.yaml", "w").write(HEAD2 + """kind: protocol
protocol: tc3
responseFields:
  - { name: RequestId, type: string, required: true, description: %s }
errors:
  - { code: InternalError, description: %s }
""" % (loc("request-id"), loc("common-error")))

open("evil/service.yaml", "w").write(HEAD2 + """kind: service
product: evil
title: { en: %s, zh: %s }
description: %s
protocol: tc3
version: "2020-02-02"
endpoints: { domestic: evil.tencentcloudapi.com }
regionRequired: false
rateLimit: 5
structs:
  Thing:
    description: %s
    fields:
      - name: Label
        type: string
        description: %s
        example: %s
        default: %s
      - name: Kind
        type: string
        description: %s
        enum:
          - { value: %s, description: %s }
          - { value: plain, description: %s }
      - name: Big
        type: int64
        description: %s
        default: 9223372036854775807
        max: 9223372036854775807
    rules:
      - kind: requiredWhen
        field: Label
        when: { external: %s }
        description: %s
  # Names as an attacker picks them: globals and Object.prototype members (also see the names case).
  Object:
    source: { from: assumed, ref: %s, reason: %s }
    description: %s
    fields:
      - { name: toString, type: string, description: %s }
      - { name: constructor, type: string, description: %s }
""" % (q(title_en), q(title_zh), loc("service-description"), loc("struct-description"), loc("field-description"),
       q(code("struct-example")), q(code("struct-default")), loc("kind"), q(code("enum-value")), loc("enum-meaning"),
       loc("enum-meaning-2"), loc("big"), loc("struct-condition"), loc("struct-rule"), q(code("struct-source-ref")), q(code("struct-source-reason")),
       loc("object-description"), loc("to-string"), loc("constructor")))

open("evil/actions/DoEvil.yaml", "w").write(HEAD2 + """kind: action
source:
  from: seed
  ref: %s
  facts:
    absentMeansUnchanged: { from: assumed, ref: %s, reason: %s }
name: DoEvil
title: %s
description: %s
absentMeansUnchanged: true
request:
  - name: Mode
    type: string
    description: %s
    enum:
      - { value: "a|b", description: %s }
      - { value: %s, description: %s }
  - name: Things
    type: "Thing[]"
    description: %s
  - name: Note
    type: string
    description: %s
    deprecated: %s
rules:
  - kind: onlyWhen
    field: Note
    when: { external: %s }
    description: %s
  - kind: requiredWhen
    field: Things
    when: { field: Mode, in: [%s] }
    errorCode: FailedOperation.Evil
    description: %s
  - kind: scope
    description: %s
response:
  - name: Echo
    type: string
    description: %s
examples:
  - title: %s
    description: %s
    region: %s
    source: { from: sdk, ref: %s }
    placeholders: [response.Echo]
    violations:
      - { path: request.Mode, rule: enum, reason: %s }
    request: { Mode: %s, Things: [{ Label: %s, Kind: plain }] }
    response: { Echo: %s, RequestId: "r-1" }
errors:
  - { code: FailedOperation.Evil, description: %s, source: { from: sdk, ref: %s } }
""" % (q(code("action-source-ref")), q(code("fact-ref")), q(code("fact-reason")), loc("action-title"), loc("action-description"), loc("mode"), loc("mode-a"), q(code("mode-value")), loc("mode-b"),
       loc("things"), loc("note"), loc("deprecated"), loc("condition"), loc("rule-description"),
       q(code("mode-value")), loc("rule-description-2"), loc("scope"), loc("echo"), loc("example-title"),
       loc("example-description"), q(code("region")), q(code("example-source-ref")), loc("violation-reason"), q(code("not-a-mode")),
       q(code("example-label") + BLOCKS), q("</script><script>alert(2)</script>" + code("example-echo")),
       loc("error"), q(code("error-source-ref"))))
