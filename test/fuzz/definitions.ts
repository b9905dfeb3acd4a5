/**
 * Arbitraries of SageMaker Pipelines definitions and Step Functions state machines, nested
 * (Condition steps; Parallel branches and Map iterators) to a bounded depth. They are documents of
 * their own and are embedded in Terraform plans, CloudFormation templates and CreatePipeline bodies.
 */
import fc from "fast-check";

import { type Env, jobBody, type JobKind,monitoringVariants } from "./bodies.ts";
import { type Json, type JsonObject, newContext, type Node, pipelineParameters, render, type RenderContext } from "./model.ts";

type Arb<T> = fc.Arbitrary<T>;
const w = <T>(weight: number, arbitrary: Arb<T>) => ({ weight, arbitrary });

/** How many steps or states a definition holds (top level). */
export interface Size {
  min: number;
  max: number;
}

// ---------------------------------------------------------------------------------------------
// Pipelines

type Step =
  | { name: string | null; type: string; body: Node }
  | { name: string | null; type: "Condition"; ifSteps: Step[]; elseSteps: Step[] };

const stepTypes: Array<[string, JobKind]> = [
  ["Training", "training"],
  ["Processing", "processing"],
  ["QualityCheck", "processing"],
  ["ClarifyCheck", "processing"],
  ["Tuning", "tuning"],
  ["AutoML", "automl"],
  ["AutoML", "automl_v2"],
  ["Transform", "training"],
  ["RegisterModel", "training"],
];

const stepName = fc.option(fc.constantFrom("Train", "Preprocess", "Evaluate", "Check", "Tune", "AutoPilot", "Train"), { freq: 12 });

const env: Env = { domainId: fc.constant({ t: "lit", v: "d-1" }) };

const jobStep: Arb<Step> = fc.oneof(
  ...stepTypes.map(([type, kind], i) =>
    w(i < 7 ? 4 : 1, fc.tuple(stepName, jobBody("pipeline", env, kind, monitoringVariants[0])).map(([name, body]): Step => ({ name, type, body }))),
  ),
);

const { step } = fc.letrec<{ step: Step }>((tie) => ({
  step: fc.oneof(
    { maxDepth: 3, depthIdentifier: "pipeline-step" },
    w(8, jobStep),
    w(1, fc.tuple(stepName, fc.array(tie("step"), { maxLength: 3 }), fc.array(tie("step"), { maxLength: 2 })).map(([name, ifSteps, elseSteps]): Step => ({ name, type: "Condition", ifSteps, elseSteps }))),
  ),
}));

function renderSteps(steps: Step[], ctx: RenderContext): Json[] {
  return steps.map((s) => {
    const out: JsonObject = {};
    if (s.name !== null) out.Name = s.name;
    out.Type = s.type;
    out.Arguments =
      "ifSteps" in s
        ? { Conditions: [{ Type: "Equals", LeftValue: 1, RightValue: 1 }], IfSteps: renderSteps(s.ifSteps, ctx), ElseSteps: renderSteps(s.elseSteps, ctx) }
        : ((render("pipeline", s.body, ctx).value as JsonObject | undefined) ?? {});
    return out;
  });
}

const countSteps = (steps: Step[]): number => steps.reduce((n, s) => n + 1 + ("ifSteps" in s ? countSteps(s.ifSteps) + countSteps(s.elseSteps) : 0), 0);

/** A definition (rendered when first read) and how many steps or states it holds (all levels). */
export interface Definition {
  readonly value: JsonObject;
  resources: number;
}

function lazyDefinition(resources: number, render: () => JsonObject): Definition {
  let cached: JsonObject | undefined;
  return {
    resources,
    get value() {
      cached ??= render();
      return cached;
    },
  };
}

/** A pipeline definition {"Version": "2020-12-01", "Parameters": [...], "Steps": [...]}. */
export function pipelineDefinition(size: Size): Arb<Definition> {
  return fc
    .record({
      steps: fc.array(step, { minLength: size.min, maxLength: size.max }),
      version: fc.constantFrom("2020-12-01", "2020-12-01", "2022-01-01"),
      extraParameters: fc.boolean(),
    })
    .map((d) =>
      lazyDefinition(countSteps(d.steps), () => {
        const ctx = newContext();
        const steps = renderSteps(d.steps, ctx);
        const parameters = pipelineParameters(ctx);
        if (d.extraParameters) parameters.push({ Name: "Region", Type: "String", DefaultValue: "us-east-1" });
        return { Version: d.version, Metadata: {}, ...(parameters.length > 0 ? { Parameters: parameters } : {}), Steps: steps };
      }),
    );
}

// ---------------------------------------------------------------------------------------------
// Step Functions

type State =
  | { type: "Task"; resource: string; body: Node | null; jsonata: boolean }
  | { type: "Parallel"; branches: State[][] }
  | { type: "Map"; states: State[]; processor: boolean }
  | { type: "Pass" | "Wait" | "Succeed" | "Fail" | "Choice" };

const actions: Array<[string, JobKind]> = [
  ["createTrainingJob", "training"],
  ["createHyperParameterTuningJob", "tuning"],
  ["createProcessingJob", "processing"],
  ["createTransformJob", "training"],
  ["CreateTrainingJob", "training"],
];

const taskState: Arb<State> = fc.oneof(
  ...actions.map(([action, kind], i) =>
    w(i < 3 ? 4 : 1, fc
      .tuple(
        fc.constantFrom("arn:aws:states:::sagemaker:", "arn:aws:states:::sagemaker:", "arn:aws-us-gov:states:::sagemaker:", "arn:aws:states:us-east-1::sagemaker:"),
        fc.constantFrom("", ".sync", ".sync", ".waitForTaskToken", ":2", ".sync:2"),
        fc.option(jobBody("sfn", env, kind), { freq: 8 }),
        fc.oneof(w(6, fc.constant(false)), w(1, fc.constant(true))),
      )
      .map(([prefix, suffix, body, jsonata]): State => ({ type: "Task", resource: `${prefix}${action}${suffix}`, body, jsonata }))),
  ),
  w(1, fc.constant<State>({ type: "Task", resource: "arn:aws:states:::lambda:invoke", body: null, jsonata: false })),
);

const { state } = fc.letrec<{ state: State }>((tie) => ({
  state: fc.oneof(
    { maxDepth: 3, depthIdentifier: "sfn-state" },
    w(8, taskState),
    w(2, fc.constantFrom<State>({ type: "Pass" }, { type: "Wait" }, { type: "Succeed" }, { type: "Fail" }, { type: "Choice" })),
    w(1, fc.array(fc.array(tie("state"), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }).map((branches): State => ({ type: "Parallel", branches }))),
    w(1, fc.tuple(fc.array(tie("state"), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([states, processor]): State => ({ type: "Map", states, processor }))),
  ),
}));

function renderStates(states: State[], prefix: string): { StartAt: string; States: JsonObject } {
  const out: JsonObject = {};
  states.forEach((s, i) => {
    const name = `${prefix}${s.type}${i}`;
    const next: JsonObject = i + 1 < states.length ? { Next: `${prefix}${states[i + 1]!.type}${i + 1}` } : { End: true };
    switch (s.type) {
      case "Task": {
        const body = s.body ? ((render("sfn", s.body).value as JsonObject | undefined) ?? {}) : undefined;
        out[name] = { Type: "Task", Resource: s.resource, ...(body ? { [s.jsonata ? "Arguments" : "Parameters"]: body } : {}), ...next };
        break;
      }
      case "Parallel":
        out[name] = { Type: "Parallel", Branches: s.branches.map((b, j) => renderStates(b, `${name}b${j}`)), ...next };
        break;
      case "Map":
        out[name] = { Type: "Map", [s.processor ? "ItemProcessor" : "Iterator"]: renderStates(s.states, `${name}i`), ItemsPath: "$.items", ...next };
        break;
      case "Succeed":
      case "Fail":
        out[name] = { Type: s.type };
        break;
      case "Choice":
        out[name] = { Type: "Choice", Choices: [], Default: name };
        break;
      default:
        out[name] = { Type: s.type, ...(s.type === "Wait" ? { Seconds: 1 } : {}), ...next };
    }
  });
  const first = states[0];
  return { StartAt: first ? `${prefix}${first.type}0` : "None", States: out };
}

const countStates = (states: State[]): number =>
  states.reduce((n, s) => n + 1 + (s.type === "Parallel" ? s.branches.reduce((m, b) => m + countStates(b), 0) : s.type === "Map" ? countStates(s.states) : 0), 0);

/** A state machine definition (StartAt, States), or, with bare, the map of states alone. */
export function stateMachine(size: Size, bare = false): Arb<Definition> {
  return fc.tuple(fc.array(state, { minLength: size.min, maxLength: size.max }), fc.boolean()).map(([states, comment]) =>
    lazyDefinition(countStates(states), () => {
      const rendered = renderStates(states, "");
      return bare ? rendered.States : { ...(comment ? { Comment: "fuzz" } : {}), ...rendered };
    }),
  );
}
