"""Audit the pinned dependencies (and what they pull in) for known vulnerabilities.

Runs pip-audit on the project's virtualenv. A finding fails unless its id is listed in
.ci/audit-allowlist.txt with a reason. When the vulnerability service cannot be reached (a
registry mirror without PyPI's JSON API answers "not found" for every package), nothing was
audited: that is said loudly, and the run fails only with --require-service.

    .venv/bin/python .ci/audit.py [--require-service] [--input pip-audit.json]
"""

import json
import subprocess
import sys
from pathlib import Path

ALLOWLIST = Path(__file__).with_name("audit-allowlist.txt")


def allowlist():
    """{vulnerability id: reason} from lines "ID  reason"; '#' starts a comment."""
    allowed = {}
    for line in ALLOWLIST.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        vuln_id, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{ALLOWLIST.name}: {vuln_id} needs a reason")
        allowed[vuln_id] = reason.strip()
    return allowed


def run_pip_audit():
    command = [sys.executable, "-m", "pip_audit", "--skip-editable", "-s", "pypi", "-f", "json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if not done.stdout.strip():
        sys.exit(f"pip-audit gave no report:\n{done.stderr}")
    return json.loads(done.stdout)


def main(argv):
    report = (
        json.loads(Path(argv[argv.index("--input") + 1]).read_text())
        if "--input" in argv
        else run_pip_audit()
    )
    allowed = allowlist()
    audited, skipped, findings, excused = 0, [], [], []
    for dep in report["dependencies"]:
        if "skip_reason" in dep:
            skipped.append(dep["name"])
            continue
        audited += 1
        for vuln in dep.get("vulns", []):
            ids = {vuln["id"], *vuln.get("aliases", [])}
            known = ids & allowed.keys()
            fixed = ", ".join(vuln.get("fix_versions") or ["?"])
            line = f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})"
            (excused if known else findings).append(
                f"{line} — allowed: {allowed[min(known)]}" if known else line
            )
    for line in excused:
        print(f"allowed  {line}")
    for line in findings:
        print(f"FINDING  {line}")
    print(
        f"pip-audit: {audited} packages audited, {len(skipped)} not audited, "
        f"{len(findings)} findings"
    )
    if findings:
        return 1
    if audited == 0 and skipped:
        print(
            "pip-audit: the vulnerability service was not reachable from this machine, "
            "so no package was audited.",
            file=sys.stderr,
        )
        return 1 if "--require-service" in argv else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
