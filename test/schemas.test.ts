/**
 * The JSON Schemas under schemas/ are valid JSON Schema 2020-12 and compile in strict mode: the
 * loader (tooling/inputs/validate.ts) does not check them against the meta-schema at run time.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";

import { ajvOptions, projectSchemas } from "../tooling/inputs/validate.ts";

describe("the project's schemas", () => {
  it("are valid against the meta-schema and compile in strict mode", () => {
    const ajv = new Ajv2020({ ...ajvOptions, validateSchema: true });
    const schemas = projectSchemas();
    expect(schemas.length).toBeGreaterThanOrEqual(9);
    for (const schema of schemas) {
      const id = (schema as { $id?: string }).$id;
      expect(ajv.validateSchema(schema), `${id}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
      ajv.addSchema(schema);
    }
    for (const schema of schemas) expect(ajv.getSchema((schema as { $id: string }).$id), (schema as { $id: string }).$id).toBeTypeOf("function");
  });
});
