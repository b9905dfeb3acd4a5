# METADATA
# title: Findings
# description: >-
#   The only way to build a finding. Identity, title, severity and remediation come from the
#   rule's package annotations through rego.metadata.chain, facts from the rule; a rule gives a
#   severity in its facts only where the severity model changes it (TG101-TG106 on one
#   instance, TG203's baseline). The METADATA remediation is the rule's general advice; a rule
#   that knows the exact field to change, spelled as the input spells it, gives it in the facts
#   (remediation), and the finding carries that instead. Messages are built with concat,
#   because the WASM SDK renders sprintf differently from OPA; sprintf is left out of the
#   capabilities file, so the compiler refuses it.
package transit_guard.lib.result

# METADATA
# description: A finding for the rule whose metadata chain is given, from the facts of its check.
finding(chain, facts) := object.union(object.remove(facts, ["text", "remediation"]), {
	"msg": concat(": ", [meta.custom.id, facts.text]),
	"id": meta.custom.id,
	"rule": rule,
	"title": meta.title,
	"severity": object.get(facts, "severity", meta.custom.severity),
	"remediation": object.get(facts, "remediation", meta.custom.remediation),
}) if {
	some link in chain
	link.annotations.scope == "package"
	meta := link.annotations
	rule := link.path[count(link.path) - 1]
}
