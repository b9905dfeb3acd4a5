/** The pinned gator (Gatekeeper's CLI), built into .tools/bin by tooling/install-tools.sh. */
import { toolPath } from "../build/paths.ts";

/** gator's path; throws a message that says how to install it when it is missing. */
export const gatorPath = (): string => toolPath("gator");
