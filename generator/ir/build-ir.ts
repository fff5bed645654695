import { DiagnosticBag } from "../diagnostics.js";
import { Site } from "./context.js";
import { buildAction } from "./build-action.js";
import { buildErrors, sortErrors } from "./build-errors.js";
import { buildFields, buildStruct } from "./build-struct.js";
import { checkRequiredCycles } from "./check-required-cycles.js";
import { checkSpecValues } from "./check-spec-values.js";
import { flattenFields } from "./flatten.js";
import { sortBy } from "./naming.js";
import { attachMockState, checkMock } from "./build-mock.js";
import type { RawAction, RawConfig, RawMockState, RawProtocol, RawService } from "./raw.js";
import { resolveReferences } from "./resolve.js";
import { assignNames, unnamedService } from "./names.js";
import { checkNames, uniqueFileNames } from "./check-names.js";
import { checkDocumentNumbers } from "./check-numbers.js";
import { attachProvenance } from "./provenance.js";
import { IR_FORMAT_VERSION, type Ir, type Protocol, type Service } from "./types.js";

/** A schema-valid document and the spec file it came from. */
export interface SpecDocument {
  file: string;
  data: { kind: string };
}

/**
 * Turns schema-valid documents into the IR. Every semantic mistake goes into `bag`; the IR is only
 * meaningful when the bag stays empty.
 */
/** Files the schema check already found broken: left out entirely, or kept with nodes removed. */
export interface BrokenFiles {
  unusable: ReadonlySet<string>;
  degraded: ReadonlySet<string>;
}

export function buildIr(documents: SpecDocument[], bag: DiagnosticBag, broken: BrokenFiles = { unusable: new Set(), degraded: new Set() }): Ir | undefined {
  const { unusable } = broken;
  for (const doc of documents) checkDocumentNumbers(doc.file, doc.data, bag);
  const of = <T>(kind: string) => documents.filter((d) => d.data.kind === kind) as unknown as { file: string; data: T }[];
  const config = pickConfig(of<RawConfig>("config"), bag, unusable);
  const protocols = buildProtocols(of<RawProtocol>("protocol"), bag);
  const services = of<RawService>("service").map((doc) => buildServiceShell(doc.file, doc.data, bag));
  reportDuplicateProducts(services, bag);
  for (const doc of of<RawAction>("action")) attachAction(doc.file, doc.data, services, protocols, bag, unusable);
  for (const doc of of<RawMockState>("mock-state")) attachMockState(doc.file, doc.data, services, bag);
  for (const service of services) {
    service.structs = sortBy(service.structs, (s) => s.name);
    service.actions = sortBy(service.actions, (a) => a.name);
    checkProtocolPresent(service, protocols, bag);
    resolveReferences(service, bag);
    checkRequiredCycles(service, bag);
    checkMock(service, bag);
    checkSpecValues(service, bag, broken.degraded);
    checkNames(service, bag);
    uniqueFileNames(service);
    assignNames(service);
    const structs = new Map(service.structs.map((s) => [s.name, s]));
    for (const action of service.actions) action.flatRequest = flattenFields(action.request, structs);
  }
  attachProvenance(services, protocols, documents);
  if (!config) return undefined;
  return {
    formatVersion: IR_FORMAT_VERSION,
    package: packageInfo(config.package),
    int64: config.int64 ?? "number",
    protocols: sortBy(protocols, (p) => p.name),
    services: sortBy(services, (s) => s.product),
  };
}

/** The config's package; its description as text per language (a plain string serves both). */
function packageInfo(pkg: RawConfig["package"]): Ir["package"] {
  const { description } = pkg;
  return typeof description === "string" ? { ...pkg, description: { en: description, zh: description } } : { ...pkg, description };
}

function pickConfig(docs: { file: string; data: RawConfig }[], bag: DiagnosticBag, unusable: ReadonlySet<string>): RawConfig | undefined {
  if (docs.length === 0 && !unusable.has("tcgen.yaml")) bag.add("tcgen.yaml", [], "no config document (kind: config) found; create tcgen.yaml at the spec root");
  for (const extra of docs.slice(1)) bag.add(extra.file, ["kind"], `a second config document (the first is ${docs[0]!.file})`);
  for (const doc of docs) if (doc.file !== "tcgen.yaml") bag.add(doc.file, ["kind"], "the config document must be tcgen.yaml at the spec root");
  return docs[0]?.data;
}

function buildProtocols(docs: { file: string; data: RawProtocol }[], bag: DiagnosticBag): Protocol[] {
  const seen = new Map<string, string>();
  return docs.flatMap(({ file, data }) => {
    const site = new Site(bag, file);
    const first = seen.get(data.protocol);
    if (first) {
      site.at("protocol").error(`protocol "${data.protocol}" is already declared in ${first}`);
      return [];
    }
    seen.set(data.protocol, file);
    const protocol: Protocol = {
      name: data.protocol,
      responseFields: buildFields(data.responseFields ?? [], site.at("responseFields")),
      envelope: buildFields(data.envelope ?? [], site.at("envelope")),
      errors: sortErrors(buildErrors(data.errors, data.protocol, "common", site.at("errors")), data.protocol),
      source: site.source,
    };
    if (data.description) protocol.description = data.description;
    return [protocol];
  });
}

function buildServiceShell(file: string, raw: RawService, bag: DiagnosticBag): Service {
  const site = new Site(bag, file);
  const expected = `${raw.product}/service.yaml`;
  if (file !== expected) site.at("product").error(`the service "${raw.product}" must be declared in ${expected}`);
  if (raw.protocol === "tc3" && !raw.version) site.error('an API 3.0 (tc3) service needs "version"');
  if (raw.protocol === "legacy-v2" && raw.version) site.at("version").error("the legacy v2 API has no version", true);
  const service: Service = {
    product: raw.product,
    service: raw.service ?? raw.product,
    title: raw.title,
    protocol: raw.protocol,
    endpoints: raw.endpoints,
    structs: Object.entries(raw.structs ?? {}).map(([name, struct]) => buildStruct(name, struct, site.at("structs", name))),
    actions: [],
    mockResources: [],
    names: unnamedService(),
    source: site.source,
  };
  if (raw.description) service.description = raw.description;
  if (raw.regionRequired !== undefined) service.regionRequired = raw.regionRequired;
  if (raw.rateLimit !== undefined) service.rateLimit = raw.rateLimit;
  if (raw.version) service.version = raw.version;
  return service;
}

function reportDuplicateProducts(services: Service[], bag: DiagnosticBag): void {
  const seen = new Set<string>();
  for (const service of services) {
    if (seen.has(service.product)) bag.add(service.source.file, ["product"], `product "${service.product}" is declared twice`);
    seen.add(service.product);
  }
}

/**
 * `unusable` names files too broken to build (already reported); an action whose service file is
 * among them is skipped quietly rather than reported as orphaned.
 */
function attachAction(file: string, raw: RawAction, services: Service[], protocols: Protocol[], bag: DiagnosticBag, unusable: ReadonlySet<string>): void {
  const site = new Site(bag, file);
  const match = /^([a-z][a-z0-9]*)\/actions\/([A-Za-z0-9]+)\.ya?ml$/.exec(file);
  if (!match) {
    site.at("name").error("an action file must be <product>/actions/<ActionName>.yaml");
    return;
  }
  const [, product, fileAction] = match;
  if (fileAction !== raw.name) site.at("name").error(`action "${raw.name}" must be in a file named ${raw.name}.yaml`);
  const service = services.find((s) => s.product === product);
  if (!service) {
    if (!unusable.has(`${product}/service.yaml`)) site.error(`no ${product}/service.yaml declares the service of this action`);
    return;
  }
  if (service.actions.some((a) => a.name === raw.name)) {
    site.at("name").error(`action "${raw.name}" is declared twice in ${product}`);
    return;
  }
  const protocol = protocols.find((p) => p.name === service.protocol);
  service.actions.push(buildAction(raw, service, protocol, site));
}

function checkProtocolPresent(service: Service, protocols: Protocol[], bag: DiagnosticBag): void {
  if (!protocols.some((p) => p.name === service.protocol))
    bag.add(service.source.file, ["protocol"], `no common/${service.protocol}.yaml declares the "${service.protocol}" protocol's common fields and errors`);
}
