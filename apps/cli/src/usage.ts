// The help texts, kept together so that they read as one manual.

export const MAIN_USAGE = `Usage: runboard <command> [options]

Import and export Assistants-API runs in Runboard's store, and add operators.

Commands:
  import <file.jsonl>   Add or update runs from a JSONL file (one Run object per line)
  export                Write runs as JSONL (all of them, or by thread / status)
  create-user           Add an operator who signs in to the dashboard (e.g. the first admin)

Options:
  -h, --help            Show this help; \`runboard <command> --help\` shows a command's options

Database:
  DATABASE_URL               The PostgreSQL to use. Without it, the commands use the embedded
                             PostgreSQL of Runboard's server: they join it while a server runs it,
                             otherwise they start it for the command and stop it afterwards.
  RUNBOARD_DATA_DIR          The embedded PostgreSQL's data folder (default: .runboard/postgres)
  RUNBOARD_EMBEDDED_PG_PORT  The embedded PostgreSQL's port (default: 54329)

Exit codes: 0 done, 1 failed (or some lines were not imported), 2 bad command line, 130 interrupted.
`;

export const IMPORT_USAGE = `Usage: runboard import <file.jsonl> [options]

Reads one Run object per line, in the wire shape of OpenAI's Assistants API that Runboard serves
(id, object "thread.run", created_at, thread_id, assistant_id, status, required_action, last_error,
the *_at timestamps, model, instructions, tools, file_ids, metadata; the "version" that
\`runboard export\` writes is accepted and ignored, as each store numbers its own versions), and
stores each run, creating the threads and assistants it names. Use - to read standard input.

Importing is idempotent: a run that exists is updated to match its line (its version only moves
when something changed, and a change of its metadata is recorded in the run's history), so
importing a file twice leaves one copy of each run. A run that exists under a different thread is
refused, never moved. Blank lines are skipped.

A line that is not valid JSON, does not match the Run shape (metadata: at most 16 keys, keys up to
64 characters, string values up to 512), or conflicts with a stored run is reported as
"line <n>: <reason>" on standard error; every other line is still imported, and the exit code is 1.

Options:
  --ignore-unknown-fields  Drop fields Runboard does not store (e.g. OpenAI's usage, temperature)
                           instead of rejecting the line. Without it such a line is an error, so
                           that nothing in the file is lost silently.
  --batch-size <n>         Runs written per SQL statement (default 1000)
  -q, --quiet              No progress output (the final summary is still printed)
  -h, --help               Show this help

Progress (lines read, imported, failed, rate) goes to standard error: a bar on a terminal, a line
every 5 seconds otherwise. The summary goes to standard output.
`;

export const EXPORT_USAGE = `Usage: runboard export [options]

Writes runs as JSONL, one Run object per line in the wire shape, oldest first (created_at, id):
exactly what \`runboard import\` reads back. Runs are read in batches, so exports of any size use
little memory.

Options:
  --thread <id>        Only the runs of this thread
  --status <status>    Only runs with this status; repeat it or separate with commas for several
                       (queued, in_progress, requires_action, cancelling, cancelled, failed,
                       completed, expired)
  -o, --out <file>     Write to this file (created only once the export is complete) instead
                       of standard output
  -q, --quiet          No progress output
  -h, --help           Show this help
`;

export const CREATE_USER_USAGE = `Usage: runboard create-user --email <address> [--role admin|editor|viewer] [--name <name>] [--password-stdin]

Adds an operator who signs in to the dashboard with this email and password. The role is admin
unless told (viewer: reads; editor: also changes metadata; admin: also manages users and API keys).
Admins add further users and API keys in the dashboard (Users, API keys).

The password (at least 12 characters) is read from standard input with --password-stdin, or else
from RUNBOARD_PASSWORD; never from the command line, where other users could read it:

  printf '%s' "$ADMIN_PASSWORD" | runboard create-user --email ops@example.com --password-stdin

Options:
  --email <address>   The operator's email (their sign-in name)
  --role <role>       admin (default), editor or viewer
  --name <name>       Shown in the dashboard and the history (default: the email's local part)
  --password-stdin    Read the password from the first line of standard input
`;
