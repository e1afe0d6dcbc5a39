// The npm package: `npm pack --dry-run --json` holds every file package.json's `exports`, `main`
// and `types` name (the .d.ts and the .js of each), the README and the CHANGELOG, and no tests.
// Needs a build (npm test compiles first); no server.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", ".."); // dist/tests → package
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
const manifest = pkg as {
  name: string;
  version: string;
  main: string;
  types: string;
  exports: Record<string, Record<string, string>>;
};

let packing: Promise<Set<string>> | undefined;

/** The paths `npm pack` would put in the tarball (packed once). */
function packedFiles(): Promise<Set<string>> {
  packing ??= pack();
  return packing;
}

async function pack(): Promise<Set<string>> {
  const { stdout } = await promisify(execFile)(
    "npm",
    ["pack", "--dry-run", "--json", "--ignore-scripts"],
    { cwd: root, timeout: 60_000 },
  );
  const [pack] = JSON.parse(stdout) as {
    name: string;
    version: string;
    files: { path: string }[];
  }[];
  assert.ok(pack, "npm pack printed nothing");
  assert.equal(pack.name, manifest.name);
  assert.equal(pack.version, manifest.version);
  return new Set(pack.files.map((file) => file.path));
}

/** What `*` stands for in each packed file matching `target` ("./dist/src/gen/*.js"). */
function matches(files: Set<string>, target: string): string[] {
  const [prefix = "", suffix = ""] = target.replace(/^\.\//, "").split("*");
  return [...files]
    .filter((path) => path.startsWith(prefix) && path.endsWith(suffix))
    .map((path) => path.slice(prefix.length, path.length - suffix.length));
}

describe("npm package", () => {
  it("has version 0.2.0 and the registry metadata", () => {
    assert.equal(pkg.version, "0.2.0");
    assert.equal(pkg.license, "Apache-2.0");
    for (const field of ["description", "repository", "homepage", "keywords", "files", "exports"]) {
      assert.ok(pkg[field], `package.json has no ${field}`);
    }
  });

  it("packs every file exports, main and types name, for every subpath", async () => {
    const files = await packedFiles();
    for (const path of [manifest.main, manifest.types]) {
      assert.ok(files.has(path.replace(/^\.\//, "")), `${path} is not packed`);
    }
    for (const [subpath, conditions] of Object.entries(manifest.exports)) {
      const { types, import: js } = conditions;
      assert.ok(types && js, `exports["${subpath}"] needs "types" and "import"`);
      if (!subpath.includes("*")) {
        for (const target of [types, js]) {
          assert.ok(files.has(target.replace(/^\.\//, "")), `${target} is not packed`);
        }
        continue;
      }
      const modules = matches(files, js).sort();
      assert.ok(modules.length > 0, `nothing packed for exports["${subpath}"]`);
      assert.deepEqual(matches(files, types).sort(), modules, `${types} and ${js} differ`);
    }
    const generated = matches(files, "./src/gen/*.ts")
      .filter((m) => !m.endsWith(".d"))
      .sort();
    assert.deepEqual(matches(files, manifest.exports["./gen/*"]?.import ?? "").sort(), generated);
  });

  it("packs README and CHANGELOG but neither tests nor examples", async () => {
    const files = await packedFiles();
    assert.ok(files.has("README.md") && files.has("CHANGELOG.md") && files.has("package.json"));
    const stray = [...files].filter((path) => /(^|\/)(tests|examples)\//.test(path));
    assert.deepEqual(stray, []);
  });
});
