/**
 * CloudFormation's short-form intrinsic tags (!Ref, !Sub, !If, !GetAtt, ...) rewritten to the long
 * form ({"Ref": ...}, {"Fn::Sub": ...}) before evaluation, as CloudFormation itself reads them, so
 * that the policies see one representation whichever form the author used.
 */
import { type Document, isScalar, visit, type YAMLMap } from "yaml";

const longForm: Record<string, string> = {
  "!Ref": "Ref",
  "!Condition": "Condition",
  ...Object.fromEntries(
    [
      "And", "Base64", "Cidr", "Equals", "FindInMap", "GetAtt", "GetAZs", "If", "ImportValue", "Join",
      "Length", "Not", "Or", "Select", "Split", "Sub", "ToJsonString", "Transform",
    ].map((name) => [`!${name}`, `Fn::${name}`]),
  ),
};

/** Rewrites short-form intrinsic tags of a parsed YAML document in place. */
export function expandIntrinsicTags(document: Document.Parsed): void {
  visit(document, {
    Node(_key, node) {
      const tag = (node as { tag?: string }).tag;
      const name = tag === undefined ? undefined : longForm[tag];
      if (!name) return undefined;
      (node as { tag?: string }).tag = undefined;
      let argument: unknown = node;
      // !GetAtt Resource.Attribute is the long form's [Resource, Attribute] (split at the first dot).
      if (name === "Fn::GetAtt" && isScalar(node) && typeof node.value === "string") {
        const dot = node.value.indexOf(".");
        argument = dot < 0 ? [node.value] : [node.value.slice(0, dot), node.value.slice(dot + 1)];
      }
      const replacement = document.createNode({}) as YAMLMap<string, unknown>;
      replacement.set(name, argument);
      return replacement;
    },
  });
}
