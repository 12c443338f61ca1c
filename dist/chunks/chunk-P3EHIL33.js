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
  const write = /* @__PURE__ */ __name((text) => text === "" || to.write(text) ? void 0 : new Promise((resolve3) => to.once("drain", () => resolve3())), "write");
  for await (const chunk of chunks) await write(output.push(chunk));
  await write(output.end());
}
__name(writeCommandOutput, "writeCommandOutput");
function printable(name) {
  return name.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (char) => char === "\n" ? "\\n" : char === "\r" ? "\\r" : char === "	" ? "\\t" : `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
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
    super(
      problems.length === 1 ? `Invalid input: ${problems[0]}` : `Invalid inputs:
${problems.map((p) => `- ${p}`).join("\n")}`
    );
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
    benchmark: { plain: path.join(root, "benchmark", "plain"), optimized: path.join(root, "benchmark", "optimized"), scratch: path.join(root, "benchmark", "runs"), journal: swapJournal(env) },
    advice: { build: path.join(root, "advice", "build"), released: path.join(root, "advice", "released"), variant: path.join(root, "advice", "variant"), scratch: path.join(root, "advice", "runs") },
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

// src/benchmark/swaps.ts
import * as crypto from "node:crypto";
import * as fs4 from "node:fs";
import * as path3 from "node:path";

// src/system/untrusted-file.ts
import * as fs3 from "node:fs";

// src/system/paths.ts
import * as fs2 from "node:fs";
import * as path2 from "node:path";
function displayPath(file, cwd) {
  const relative2 = path2.relative(cwd, file);
  return relative2.startsWith("..") || path2.isAbsolute(relative2) ? file : relative2;
}
__name(displayPath, "displayPath");
function realPath(target) {
  return fs2.existsSync(target) ? fs2.realpathSync(target) : path2.resolve(target);
}
__name(realPath, "realPath");
function liesWithin(target, directory) {
  const relative2 = path2.relative(realPath(directory), realPath(target));
  return !relative2.startsWith("..") && !path2.isAbsolute(relative2);
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

// src/system/untrusted-file.ts
var MiB = 1024 * 1024;
var GiB = 1024 * MiB;
var FileKinds = {
  /** An indexed LLVM profile or a Go CPU profile: real ones of large projects reach hundreds of MiB. */
  profile: { name: "a profile", maxBytes: 4 * GiB },
  baseline: { name: "a fit baseline", maxBytes: 64 * MiB },
  manifest: { name: "a manifest", maxBytes: 1 * MiB },
  cargoLock: { name: "a Cargo.lock", maxBytes: 64 * MiB },
  cargoConfig: { name: "a cargo config", maxBytes: 4 * MiB },
  cargoManifest: { name: "a Cargo.toml", maxBytes: 4 * MiB },
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
    if (stat.size > kind.maxBytes) throw new UntrustedFileError(file, `holds ${formatBytes(stat.size)}, more than the ${formatBytes(kind.maxBytes)} ${kind.name} may have`);
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
function readUntrustedText(file, kind, links = "follow") {
  return readUntrusted(file, kind, links).toString("utf8");
}
__name(readUntrustedText, "readUntrustedText");
async function* chunksOf(open, chunkBytes = 1 << 20) {
  try {
    const buffer = Buffer.alloc(Math.min(chunkBytes, Math.max(open.size, 1)));
    for (let offset = 0; offset < open.size; ) {
      const read2 = await new Promise(
        (resolve3, reject) => fs3.read(open.fd, buffer, 0, Math.min(buffer.length, open.size - offset), offset, (error2, bytes) => error2 ? reject(error2) : resolve3(bytes))
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

// src/benchmark/swaps.ts
var FORMAT = "pgo-action benchmark swaps";
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
var Swaps = class _Swaps {
  constructor(swaps, journal, resident) {
    this.swaps = swaps;
    this.journal = journal;
    this.resident = resident;
    this.side = resident;
  }
  swaps;
  journal;
  resident;
  static {
    __name(this, "Swaps");
  }
  side;
  /** `visiting` names the other side's files for the post step: "the plain build". */
  static prepare(files, journal, resident = "optimized", visiting = "the plain build") {
    const other = resident === "optimized" ? "plain" : "optimized";
    const token = crypto.randomBytes(6).toString("hex");
    const swaps = files.map((file) => besideNames(file.path, token));
    try {
      files.forEach((file, index) => placeCopy(file.copies[other], swaps[index].other));
    } catch (error2) {
      swaps.forEach((swap) => fs4.rmSync(swap.other, { force: true }));
      throw new ActionError(`The benchmark cannot put ${visiting} beside the optimized one (${error2.message}); the optimized build is untouched.`, { cause: error2 });
    }
    if (swaps.length > 0) {
      fs4.mkdirSync(path3.dirname(journal), { recursive: true });
      fs4.writeFileSync(journal, JSON.stringify({ format: FORMAT, swaps, visiting }) + "\n");
    }
    return new _Swaps(swaps, journal, resident);
  }
  /** Puts `side`'s file at each path. */
  turn(side) {
    if (side === this.side) return;
    for (const swap of this.swaps) {
      if (side !== this.resident) {
        fs4.renameSync(swap.path, swap.kept);
        fs4.renameSync(swap.other, swap.path);
      } else {
        if (fs4.lstatSync(swap.path, { throwIfNoEntry: false })) fs4.renameSync(swap.path, swap.other);
        fs4.renameSync(swap.kept, swap.path);
      }
    }
    this.side = side;
  }
  /** Puts the build's own files back and removes the plain copies; throws BuildNotRestored, naming them, where it cannot. */
  finish() {
    const stuck = restoreSwaps(this.swaps);
    if (stuck.length > 0) throw new BuildNotRestored(stuck);
    fs4.rmSync(this.journal, { force: true });
  }
};
function besideNames(file, token) {
  const dir = path3.dirname(file);
  const name = path3.basename(file);
  return { path: file, kept: path3.join(dir, `.${name}.pgo-action-build-${token}`), other: path3.join(dir, `.${name}.pgo-action-other-${token}`) };
}
__name(besideNames, "besideNames");
function placeCopy(source, target) {
  try {
    fs4.linkSync(source, target);
  } catch {
    fs4.copyFileSync(source, target, fs4.constants.COPYFILE_EXCL);
    fs4.chmodSync(target, fs4.statSync(source).mode);
  }
}
__name(placeCopy, "placeCopy");
function restoreSwaps(swaps) {
  const stuck = [];
  for (const swap of swaps) {
    try {
      if (fs4.lstatSync(swap.kept, { throwIfNoEntry: false })) fs4.renameSync(swap.kept, swap.path);
      if (fs4.lstatSync(swap.other, { throwIfNoEntry: false })) fs4.unlinkSync(swap.other);
    } catch (error2) {
      stuck.push({ swap, reason: error2.code ?? error2.message });
    }
  }
  return stuck;
}
__name(restoreSwaps, "restoreSwaps");
function readJournal(journal) {
  if (!fs4.existsSync(journal)) return void 0;
  const record = JSON.parse(readUntrustedText(journal, FileKinds.manifest, "refuse"));
  if (record.format !== FORMAT || !Array.isArray(record.swaps)) throw new ActionError(`${journal} is not a journal of benchmark swaps this version reads.`);
  const visiting = record.visiting === "the variant" ? "the variant" : "the plain build";
  return { swaps: record.swaps, visiting };
}
__name(readJournal, "readJournal");
function finishJournal(journal, say) {
  const record = readJournal(journal);
  if (!record) return;
  const { swaps, visiting } = record;
  const pending = swaps.filter((swap) => fs4.lstatSync(swap.kept, { throwIfNoEntry: false }));
  const stuck = restoreSwaps(swaps);
  if (stuck.length > 0) throw new BuildNotRestored(stuck);
  fs4.rmSync(journal, { force: true });
  const put = pending.map((swap) => swap.path);
  say(
    put.length > 0 ? `The step ended during the benchmark, with ${visiting} at ${put.join(", ")}: the optimized build is back there now.` : `The step ended during the benchmark, with the optimized build in place: the copies of ${visiting} beside it are removed.`
  );
}
__name(finishJournal, "finishJournal");

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
  FileKinds,
  UntrustedFileError,
  openUntrusted,
  readUntrusted,
  readUntrustedText,
  chunksOf,
  prepareWorkDirs,
  swapJournal,
  sharedActionDir,
  protectedDirectories,
  BuildNotRestored,
  Swaps,
  finishJournal
};
