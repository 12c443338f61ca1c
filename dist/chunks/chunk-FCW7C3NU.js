import { createRequire as __pgoCreateRequire } from 'node:module'; const require = __pgoCreateRequire(import.meta.url);
import {
  __name,
  info
} from "./chunk-23D6JLC4.js";

// src/system/untrusted-text.ts
import { StringDecoder } from "node:string_decoder";
var SKIPPABLE = "[^\\p{L}\\p{N}\\p{P}\\p{S}\\r\\n]";
var COMMAND_START = new RegExp(`^(?=${SKIPPABLE}*:${SKIPPABLE}*:)`, "gmu");
var OLD_COMMAND = new RegExp(`(#${SKIPPABLE}*#${SKIPPABLE}*)\\[`, "gu");
function neutralize(text) {
  if (!text.includes(":") && !text.includes("#")) return text;
  return text.replace(OLD_COMMAND, "$1\\[").replace(COMMAND_START, "\\");
}
__name(neutralize, "neutralize");
var LONGEST_HELD_LINE = 64 * 1024;
var CommandOutput = class {
  /** `shown`: whether a line (without its line break) goes to the log; every line does without it. */
  constructor(shown) {
    this.shown = shown;
  }
  shown;
  static {
    __name(this, "CommandOutput");
  }
  held = "";
  decoder = new StringDecoder("utf8");
  /** Whether the last line was left out of the log. */
  leftOut = false;
  /** The text of `chunk` that is ready for the log: every line finished in it. */
  push(chunk) {
    const text = this.held + this.decoder.write(chunk);
    const end = Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r")) + 1;
    this.held = text.slice(end);
    let ready = text.slice(0, end);
    if (this.held.length > LONGEST_HELD_LINE) {
      ready += `${this.held}
`;
      this.held = "";
    }
    return neutralize(this.shownOf(ready));
  }
  /** What is still held, ended with a line break, so that the next line of the log starts afresh. */
  end() {
    const rest = this.held + this.decoder.end();
    this.held = "";
    return rest === "" ? "" : neutralize(this.shownOf(`${rest}
`));
  }
  /** The lines of `text` (each ended by \n) that go to the log; a blank line after a line left out goes with it (rustc ends each warning with one). */
  shownOf(text) {
    if (!this.shown || text === "") return text;
    const shown = this.shown;
    return text.split(/(?<=\n)/).filter((line) => {
      const bare = line.replace(/\r?\n$/, "");
      if (bare === "") {
        const keep = !this.leftOut;
        this.leftOut = false;
        return keep;
      }
      this.leftOut = !shown(bare);
      return !this.leftOut;
    }).join("");
  }
};
async function writeCommandOutput(chunks, to = process.stdout) {
  const output = new CommandOutput();
  const write = /* @__PURE__ */ __name((text) => text === "" || to.write(text) ? void 0 : new Promise((resolve4) => to.once("drain", () => resolve4())), "write");
  for await (const chunk of chunks) await write(output.push(chunk));
  await write(output.end());
}
__name(writeCommandOutput, "writeCommandOutput");
function printable(name) {
  return name.replace(
    /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g,
    (char) => char === "\n" ? "\\n" : char === "\r" ? "\\r" : char === "	" ? "\\t" : `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`
  );
}
__name(printable, "printable");

// src/system/log.ts
function info2(message) {
  info(neutralize(message));
}
__name(info2, "info");

// src/system/errors.ts
var ActionError = class extends Error {
  static {
    __name(this, "ActionError");
  }
  constructor(message, options) {
    super(message, options);
    this.name = "ActionError";
  }
};
var InputError = class extends ActionError {
  constructor(problems) {
    super(problems.length === 1 ? `Invalid input: ${problems[0]}` : `Invalid inputs:
${problems.map((p) => `- ${p}`).join("\n")}`);
    this.problems = problems;
    this.name = "InputError";
  }
  problems;
  static {
    __name(this, "InputError");
  }
};
var CommandError = class _CommandError extends ActionError {
  constructor(what, commandLine, exitDescription, tail) {
    super(_CommandError.format(what, commandLine, exitDescription, tail));
    this.what = what;
    this.commandLine = commandLine;
    this.exitDescription = exitDescription;
    this.tail = tail;
    this.name = "CommandError";
  }
  what;
  commandLine;
  exitDescription;
  tail;
  static {
    __name(this, "CommandError");
  }
  static format(what, commandLine, exitDescription, tail) {
    const head = `${what} failed: \`${firstLineOf(commandLine)}\` ${exitDescription}.`;
    if (tail.length === 0) return `${head} It printed nothing.`;
    return `${head}
Last ${tail.length} lines of its output:
${tail.map((l) => `  ${l}`).join("\n")}`;
  }
};
function firstLineOf(command) {
  const lines = command.split(/\r?\n/);
  return lines.length === 1 ? command : `${lines[0]} \u2026 (${lines.length} lines)`;
}
__name(firstLineOf, "firstLineOf");
function errorMessage(error2) {
  return error2 instanceof Error ? error2.message : String(error2);
}
__name(errorMessage, "errorMessage");

// src/system/workdir.ts
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
function prepareWorkDirs(env, profileExtension) {
  const root = stepDir(env);
  const dirs = {
    root,
    rawProfiles: path.join(root, "raw"),
    workloadLogs: path.join(root, "workload-logs"),
    profileDir: path.join(root, "cache", "profile", "pgo-profile"),
    profile: path.join(root, "cache", "profile", "pgo-profile", `merged${profileExtension}`),
    programProfiles: path.join(root, "program-profiles"),
    artifact: path.join(root, "artifact"),
    benchmark: {
      plain: path.join(root, "benchmark", "plain"),
      optimized: path.join(root, "benchmark", "optimized"),
      scratch: path.join(root, "benchmark", "runs"),
      journal: swapJournal(env)
    },
    advice: {
      build: path.join(root, "advice", "build"),
      profile: path.join(root, "advice", "profile"),
      kept: path.join(root, "advice", "kept"),
      released: path.join(root, "advice", "released"),
      variant: path.join(root, "advice", "variant"),
      scratch: path.join(root, "advice", "runs")
    },
    bolt: path.join(root, "bolt"),
    boltProfileDir: path.join(root, "cache", "bolt", "pgo-bolt-profile"),
    earlier: path.join(root, "cache", "earlier"),
    shards: path.join(root, "shards"),
    emulator: path.join(root, "emulator")
  };
  try {
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(dirs.rawProfiles, { recursive: true });
    fs.mkdirSync(dirs.profileDir, { recursive: true });
  } catch (error2) {
    throw new ActionError(
      `The action cannot make its work directory ${root}: ${fileSystemReason(whyNotWritable(root) ?? error2)}. It lives in RUNNER_TEMP (${env.RUNNER_TEMP || os.tmpdir()}), which must be a directory the runner's user can write: check that no earlier step replaced it or changed its permissions.`,
      { cause: error2 }
    );
  }
  return dirs;
}
__name(prepareWorkDirs, "prepareWorkDirs");
function stepDir(env) {
  const step = (env.GITHUB_ACTION || "pgo").replace(/[^\w.-]/g, "_").replace(/^\./, "_");
  return path.join(actionTempRoot(env), step);
}
__name(stepDir, "stepDir");
function toolchainScratchDir(env) {
  return path.join(stepDir(env), "toolchain");
}
__name(toolchainScratchDir, "toolchainScratchDir");
function swapJournal(env) {
  return path.join(stepDir(env), "benchmark", "swaps.json");
}
__name(swapJournal, "swapJournal");
function whyNotWritable(dir) {
  let existing = dir;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  try {
    fs.rmdirSync(fs.mkdtempSync(path.join(existing, ".pgo-action-probe-")));
    return void 0;
  } catch (error2) {
    return error2;
  }
}
__name(whyNotWritable, "whyNotWritable");
function fileSystemReason(error2) {
  const reasons = {
    ENOTDIR: "a part of its path is a file, not a directory",
    EEXIST: "a file is in the way",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    ENOSPC: "the disk is full"
  };
  return reasons[error2.code ?? ""] ?? error2.message;
}
__name(fileSystemReason, "fileSystemReason");
function sharedActionDir(name, env = process.env) {
  return path.join(actionTempRoot(env), "+shared", name);
}
__name(sharedActionDir, "sharedActionDir");
function actionTempRoot(env) {
  return path.resolve(env.RUNNER_TEMP || os.tmpdir(), "pgo-action");
}
__name(actionTempRoot, "actionTempRoot");
function protectedDirectories(env = process.env) {
  return [env.RUNNER_TEMP, env.RUNNER_TOOL_CACHE].filter((dir) => Boolean(dir)).map((dir) => path.resolve(dir)).concat(actionTempRoot(env));
}
__name(protectedDirectories, "protectedDirectories");

// src/benchmark/swap-journal.ts
import * as fs5 from "node:fs";
import * as path4 from "node:path";

// src/system/hash.ts
import { createHash } from "node:crypto";

// src/system/untrusted-file.ts
import * as fs3 from "node:fs";

// src/system/paths.ts
import * as fs2 from "node:fs";
import * as path2 from "node:path";
function displayPath(file, cwd) {
  const relative3 = path2.relative(cwd, file);
  return relative3.startsWith("..") || path2.isAbsolute(relative3) ? file : relative3;
}
__name(displayPath, "displayPath");
function realPath(target) {
  return fs2.existsSync(target) ? fs2.realpathSync(target) : path2.resolve(target);
}
__name(realPath, "realPath");
function liesWithin(target, directory) {
  const relative3 = path2.relative(realPath(directory), realPath(target));
  return !relative3.startsWith("..") && !path2.isAbsolute(relative3);
}
__name(liesWithin, "liesWithin");
function uniqueFileName(file, used) {
  const { name, ext } = path2.parse(file);
  let candidate = path2.basename(file);
  for (let n = 2; used.has(candidate); n++) candidate = `${name}-${n}${ext}`;
  used.add(candidate);
  return candidate;
}
__name(uniqueFileName, "uniqueFileName");
function filesIn(dir, keep) {
  return fs2.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile() && keep(entry.name)).map((entry) => path2.join(dir, entry.name)).sort();
}
__name(filesIn, "filesIn");
function nonFilesIn(dir, keep) {
  return fs2.readdirSync(dir, { withFileTypes: true }).filter((entry) => !entry.isFile() && keep(entry.name)).map((entry) => entry.name).sort();
}
__name(nonFilesIn, "nonFilesIn");

// src/system/units.ts
function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
__name(formatBytes, "formatBytes");
function formatNumber(n) {
  return n.toLocaleString("en-US");
}
__name(formatNumber, "formatNumber");
function count(n, noun) {
  return `${formatNumber(n)} ${noun}${n === 1 ? "" : "s"}`;
}
__name(count, "count");
function formatTime(seconds) {
  if (seconds < 1) return `${(seconds * 1e3).toFixed(1)} ms`;
  return `${seconds.toFixed(3)} s`;
}
__name(formatTime, "formatTime");

// src/system/untrusted-file.ts
var MiB = 1024 * 1024;
var GiB = 1024 * MiB;
var FileKinds = {
  /** An indexed LLVM profile or a Go CPU profile: real ones of large projects reach hundreds of MiB. */
  profile: { name: "a profile", maxBytes: 4 * GiB },
  baseline: { name: "a fit baseline", maxBytes: 64 * MiB },
  manifest: { name: "a manifest", maxBytes: 1 * MiB },
  cargoLock: { name: "a Cargo.lock", maxBytes: 64 * MiB },
  // The TOML parser slows down with the square of the size (a 4 MiB file took 25 s); real ones hold some kilobytes.
  cargoConfig: { name: "a cargo config", maxBytes: 1 * MiB },
  cargoManifest: { name: "a Cargo.toml", maxBytes: 1 * MiB },
  pyproject: { name: "a pyproject.toml", maxBytes: 1 * MiB },
  loaderRecord: { name: "the dynamic loader's record", maxBytes: 64 * MiB },
  /** Programs, libraries and wheels the build wrote. */
  build: { name: "a build output", maxBytes: 8 * GiB },
  /** A program read whole into memory (a Go program's function name table): larger ones are read by a tool instead. */
  programInMemory: { name: "a program read into memory", maxBytes: 1 * GiB },
  /** A short file a command the action runs writes for it (a run's CPU times). */
  small: { name: "a record", maxBytes: 1 * MiB }
};
var UntrustedFileError = class extends ActionError {
  constructor(file, reason) {
    super(`${file} ${reason}`);
    this.file = file;
    this.reason = reason;
    this.name = "UntrustedFileError";
  }
  file;
  reason;
  static {
    __name(this, "UntrustedFileError");
  }
};
var OPEN_FLAGS = fs3.constants.O_RDONLY | (fs3.constants.O_NONBLOCK ?? 0);
var NO_FOLLOW = fs3.constants.O_NOFOLLOW ?? 0;
function openUntrusted(file, kind, links = "follow") {
  checkLinks(file, links);
  let fd;
  try {
    fd = fs3.openSync(file, OPEN_FLAGS | (links === "refuse" ? NO_FOLLOW : 0));
  } catch (error2) {
    const code = error2.code;
    if (code === "ELOOP") throw new UntrustedFileError(file, "is a symbolic link");
    throw new UntrustedFileError(file, `cannot be opened (${code ?? error2.message})`);
  }
  try {
    const stat = fs3.fstatSync(fd);
    if (!stat.isFile()) throw new UntrustedFileError(file, `is ${describeNonFile(stat)}, not a regular file`);
    if (stat.size > kind.maxBytes)
      throw new UntrustedFileError(
        file,
        `holds ${formatBytes(stat.size)}, more than the ${formatBytes(kind.maxBytes)} ${kind.name} may have`
      );
    return { fd, size: stat.size };
  } catch (error2) {
    fs3.closeSync(fd);
    throw error2;
  }
}
__name(openUntrusted, "openUntrusted");
function checkLinks(file, links) {
  if (typeof links !== "object") return;
  if (fs3.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() && !liesWithin(file, links.within)) {
    throw new UntrustedFileError(file, `is a symbolic link to ${realPath(file)}, outside ${links.within}`);
  }
}
__name(checkLinks, "checkLinks");
function describeNonFile(stat) {
  if (stat.isDirectory()) return "a directory";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isSocket()) return "a socket";
  return "a special file";
}
__name(describeNonFile, "describeNonFile");
function readUntrusted(file, kind, links = "follow") {
  const { fd, size } = openUntrusted(file, kind, links);
  try {
    const buffer = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const read2 = fs3.readSync(fd, buffer, filled, size - filled, filled);
      if (read2 === 0) break;
      filled += read2;
    }
    return buffer.subarray(0, filled);
  } finally {
    fs3.closeSync(fd);
  }
}
__name(readUntrusted, "readUntrusted");
function readUntrustedHead(file, kind, bytes) {
  const { fd, size } = openUntrusted(file, kind);
  try {
    const head = Buffer.alloc(Math.min(bytes, size));
    const read2 = fs3.readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read2);
  } finally {
    fs3.closeSync(fd);
  }
}
__name(readUntrustedHead, "readUntrustedHead");
function readUntrustedText(file, kind, links = "follow") {
  return readUntrusted(file, kind, links).toString("utf8");
}
__name(readUntrustedText, "readUntrustedText");
async function* chunksOf(open, chunkBytes = 1 << 20) {
  try {
    const buffer = Buffer.alloc(Math.min(chunkBytes, Math.max(open.size, 1)));
    for (let offset = 0; offset < open.size; ) {
      const read2 = await new Promise(
        (resolve4, reject) => fs3.read(
          open.fd,
          buffer,
          0,
          Math.min(buffer.length, open.size - offset),
          offset,
          (error2, bytes) => error2 ? reject(error2) : resolve4(bytes)
        )
      );
      if (read2 === 0) return;
      offset += read2;
      yield buffer.subarray(0, read2);
    }
  } finally {
    fs3.closeSync(open.fd);
  }
}
__name(chunksOf, "chunksOf");

// src/system/hash.ts
async function sha256File(file, kind = FileKinds.build, links = "follow") {
  const hash = createHash("sha256");
  for await (const chunk of chunksOf(openUntrusted(file, kind, links))) hash.update(chunk);
  return hash.digest("hex");
}
__name(sha256File, "sha256File");
async function fileContains(file, needle) {
  const wanted = Buffer.from(needle);
  let carry = Buffer.alloc(0);
  for await (const chunk of chunksOf(openUntrusted(file, FileKinds.build))) {
    const window = Buffer.concat([carry, chunk]);
    if (window.includes(wanted)) return true;
    carry = window.subarray(Math.max(0, window.length - wanted.length + 1));
  }
  return false;
}
__name(fileContains, "fileContains");

// src/benchmark/swap-files.ts
import * as fs4 from "node:fs";
import * as path3 from "node:path";
function besideNames(file, token) {
  const dir = path3.dirname(file);
  const name = path3.basename(file);
  return {
    path: file,
    kept: path3.join(dir, `.${name}.pgo-action-build-${token}`),
    other: path3.join(dir, `.${name}.pgo-action-other-${token}`)
  };
}
__name(besideNames, "besideNames");
var BuildNotRestored = class extends ActionError {
  constructor(stuck, after) {
    super(
      (after ? `${after}
` : "") + `The optimized build could not be put back after the benchmark: ${stuck.map(({ swap, reason }) => `${swap.path} (${reason}; the optimized file is at ${swap.kept})`).join(", ")}. ${stuck.length === 1 ? "That path does" : "Those paths do"} not hold the optimized build: do not release ${stuck.length === 1 ? "it" : "them"}. The post step tries once more; if it fails too, rename each optimized file back by hand.`
    );
    this.stuck = stuck;
    this.name = "BuildNotRestored";
  }
  stuck;
  static {
    __name(this, "BuildNotRestored");
  }
};
function removeOtherCopies(swaps) {
  const leftovers = [];
  for (const swap of swaps) {
    const stat = fs4.lstatSync(swap.other, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) {
      leftovers.push({ file: swap.other, reason: "a directory the benchmark left at the path, which the swap moved there" });
      continue;
    }
    try {
      fs4.unlinkSync(swap.other);
    } catch (error2) {
      leftovers.push({ file: swap.other, reason: error2.code ?? errorMessage(error2) });
    }
  }
  return leftovers;
}
__name(removeOtherCopies, "removeOtherCopies");
function leftoversMessage(leftovers) {
  if (leftovers.length === 0) return void 0;
  const one = leftovers.length === 1;
  return `The optimized build is in place, but ${leftovers.map(({ file, reason }) => `${file} (${reason})`).join(", ")} could not be removed: ${one ? "it is" : "they are"} not part of the build; remove ${one ? "it" : "them"} by hand.`;
}
__name(leftoversMessage, "leftoversMessage");

// src/benchmark/swap-journal.ts
var FORMAT = "pgo-action benchmark swaps 2";
var TOKEN = /^[0-9a-f]{12}$/;
var SHA256 = /^[0-9a-f]{64}$/;
function writeJournal(journal, swaps, visiting) {
  fs5.mkdirSync(path4.dirname(journal), { recursive: true });
  const partial = `${journal}.partial`;
  try {
    fs5.writeFileSync(partial, JSON.stringify({ format: FORMAT, swaps, visiting }) + "\n");
    fs5.renameSync(partial, journal);
  } finally {
    fs5.rmSync(partial, { force: true });
  }
}
__name(writeJournal, "writeJournal");
function readJournal(journal) {
  if (!fs5.existsSync(journal)) return void 0;
  const text = readUntrustedText(journal, FileKinds.manifest, "refuse");
  const record = parseRecord(text);
  if (record?.format !== FORMAT || !Array.isArray(record.swaps) || !record.swaps.every(isSwap)) {
    throw new ActionError(
      `${journal} is not a journal of benchmark swaps this version reads (${whatItHolds(text)}): nothing was put back from it.`
    );
  }
  const visiting = record.visiting === "the variant" ? "the variant" : "the plain build";
  return { swaps: record.swaps, visiting };
}
__name(readJournal, "readJournal");
function parseRecord(text) {
  try {
    const record = JSON.parse(text);
    return record && typeof record === "object" ? record : void 0;
  } catch {
    return void 0;
  }
}
__name(parseRecord, "parseRecord");
function isSwap(entry) {
  if (!entry || typeof entry !== "object") return false;
  const swap = entry;
  return ["path", "kept", "other"].every((key) => typeof swap[key] === "string") && typeof swap.otherSha256 === "string" && SHA256.test(swap.otherSha256);
}
__name(isSwap, "isSwap");
function whatItHolds(text) {
  if (text.trim() === "") return "it is empty";
  return parseRecord(text) ? "another format, or an entry without its names" : "not JSON: cut short, or another kind of file";
}
__name(whatItHolds, "whatItHolds");
function whyNotOurs(swap, workspace) {
  if (!path4.isAbsolute(swap.path) || path4.normalize(swap.path) !== swap.path) return "not a plain absolute path";
  const token = /\.pgo-action-build-([^.]*)$/.exec(swap.kept)?.[1] ?? "";
  const names = besideNames(swap.path, token);
  if (!TOKEN.test(token) || names.kept !== swap.kept || names.other !== swap.other)
    return "its other names are not the action's hidden names beside it";
  const dir = realDirectory(path4.dirname(swap.path));
  if (dir === void 0) return void 0;
  const relative3 = path4.relative(realDirectory(workspace) ?? path4.resolve(workspace), dir);
  if (relative3.split(path4.sep)[0] === ".." || path4.isAbsolute(relative3)) return `it is outside the workspace ${workspace}`;
  return void 0;
}
__name(whyNotOurs, "whyNotOurs");
function realDirectory(dir) {
  try {
    return fs5.realpathSync(dir);
  } catch {
    return void 0;
  }
}
__name(realDirectory, "realDirectory");
async function finishJournal(journal, workspace, say) {
  const record = readJournal(journal);
  if (!record) return;
  const { visiting } = record;
  const swaps = [];
  for (const swap of record.swaps) {
    const why = whyNotOurs(swap, workspace);
    if (why) say(`${journal} names ${printable(swap.path)}, which the action could not have written (${why}): it is left alone.`);
    else swaps.push(swap);
  }
  const pending = swaps.filter((swap) => fs5.lstatSync(swap.kept, { throwIfNoEntry: false }));
  const put = [];
  const stuck = [];
  for (const swap of pending) {
    const found = await foundInstead(swap);
    if (found) {
      say(
        `The step ended during the benchmark, with ${visiting} at ${printable(swap.path)}, which now holds ${found}, written after the step ended: it is left as it is. The optimized build of that step is at ${printable(swap.kept)}.`
      );
      continue;
    }
    try {
      fs5.renameSync(swap.kept, swap.path);
      put.push(printable(swap.path));
    } catch (error2) {
      stuck.push({ swap, reason: error2.code ?? String(error2) });
    }
  }
  if (stuck.length > 0) throw new BuildNotRestored(stuck);
  const lost = await lostBuilds(swaps.filter((swap) => !pending.includes(swap)));
  if (lost.length > 0) {
    throw new ActionError(
      `The step ended during the benchmark, with ${visiting} at ${lost.map((swap) => printable(swap.path)).join(", ")}, and the optimized ${lost.length === 1 ? "file" : "files"} set aside beside ${lost.length === 1 ? "it is" : "them are"} gone (${lost.map((swap) => printable(swap.kept)).join(", ")}; removed during the benchmark): ${lost.length === 1 ? "that path does" : "those paths do"} not hold the optimized build, do not release ${lost.length === 1 ? "it" : "them"}.`
    );
  }
  const leftovers = leftoversMessage(removeOtherCopies(swaps));
  if (leftovers) say(leftovers);
  fs5.rmSync(journal, { force: true });
  if (put.length > 0)
    say(`The step ended during the benchmark, with ${visiting} at ${put.join(", ")}: the optimized build is back there now.`);
  else if (swaps.length > 0 && pending.length === 0)
    say(`The step ended during the benchmark, with the optimized build in place: the copies of ${visiting} beside it are removed.`);
}
__name(finishJournal, "finishJournal");
async function lostBuilds(settled) {
  const lost = [];
  for (const swap of settled) {
    const holdsOther = fs5.lstatSync(swap.path, { throwIfNoEntry: false }) && !fs5.lstatSync(swap.other, { throwIfNoEntry: false }) && await foundInstead(swap) === void 0;
    if (holdsOther) lost.push(swap);
  }
  return lost;
}
__name(lostBuilds, "lostBuilds");
async function foundInstead(swap) {
  const stat = fs5.lstatSync(swap.path, { throwIfNoEntry: false });
  if (!stat) return void 0;
  if (stat.isDirectory()) return "a directory";
  if (stat.isSymbolicLink()) return "a link";
  if (!stat.isFile()) return "a special file";
  const sha256 = await sha256File(swap.path, FileKinds.build, "refuse").catch(() => void 0);
  return sha256 === swap.otherSha256 ? void 0 : `a file of ${formatBytes(stat.size)} that is not the copy the swap put there`;
}
__name(foundInstead, "foundInstead");

export {
  CommandOutput,
  writeCommandOutput,
  printable,
  info2 as info,
  ActionError,
  InputError,
  CommandError,
  errorMessage,
  displayPath,
  realPath,
  liesWithin,
  uniqueFileName,
  filesIn,
  nonFilesIn,
  formatBytes,
  formatNumber,
  count,
  formatTime,
  FileKinds,
  UntrustedFileError,
  openUntrusted,
  readUntrusted,
  readUntrustedHead,
  readUntrustedText,
  sha256File,
  fileContains,
  prepareWorkDirs,
  toolchainScratchDir,
  swapJournal,
  sharedActionDir,
  protectedDirectories,
  besideNames,
  BuildNotRestored,
  removeOtherCopies,
  leftoversMessage,
  writeJournal,
  finishJournal
};
