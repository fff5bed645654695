#!/usr/bin/env node
// Runs the TypeScript sources of tcgen directly (tsx compiles them on load), so there is no build step.
import { register } from "tsx/esm/api";

register();
await import("../generator/cli/bin.ts");
