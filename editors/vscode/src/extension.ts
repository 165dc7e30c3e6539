import { createInterface } from 'node:readline';
import * as vscode from 'vscode';
import {
  CloseAction,
  type DocumentSelector,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  ResponseError,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { discoverServer, type ServerCommand } from './discovery';
import { HOSTS, type HostStatus, isHostStatus, statusText, statusTooltip } from './hosts';
import { selectedPythonInterpreter } from './python';
import { type ExplainResult, explainMarkdown, type StatsRow, statsMarkdown } from './report';
import { serverVersionProblem } from './version';

const SECTION = 'routesmith';
// VS Code gives agent files their own language ids (`*.prompt.md` is `prompt`, not `markdown`).
const LANGUAGES = ['markdown', 'prompt', 'instructions', 'chatagent', 'skill'];
const SCHEMES = ['file', 'untitled'];
const INSTALL_FIX = 'pip install -U routesmith-lsp';
// Changing these needs a new client: they decide the command and the document selector.
const RESTART_KEYS = ['server.command', 'promptGlobs', 'instructionGlobs'].map((key) => `${SECTION}.${key}`);
const REPORT_SCHEME = 'routesmith-report';

/** The last lines of the server's stderr, to say why it did not start (a Python traceback ends with the cause). */
class StderrTail {
  private readonly lines: string[] = [];
  private ended: () => void = () => undefined;
  /** Resolves when the stream ends: a server that exits at once may write its error after the client gave up. */
  readonly closed = new Promise<void>((resolve) => (this.ended = resolve));

  constructor(private readonly keep = 20) {}

  read(input: NodeJS.ReadableStream, log: (line: string) => void): void {
    createInterface({ input, crlfDelay: Infinity })
      .on('line', (line) => {
        log(line);
        this.lines.push(line);
        if (this.lines.length > this.keep) this.lines.shift();
      })
      .on('close', () => {
        this.ended();
      });
  }

  /** The last non-empty line, once the stream ended or `waitMs` passed. */
  async lastLine(waitMs: number): Promise<string | undefined> {
    await Promise.race([this.closed, new Promise((resolve) => setTimeout(resolve, waitMs))]);
    return this.lines
      .filter((line) => line.trim() !== '')
      .at(-1)
      ?.trim();
  }
}

/** A client that, while starting, only logs its errors: a failed start gets one notification, ours, which
 * says how to fix it, instead of the generic ones vscode-languageclient forces. */
class QuietStartClient extends LanguageClient {
  starting = true;

  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    super.error(message, data, this.starting ? false : showNotification);
  }
}

/** Read-only Markdown documents for explain/stats results (never sent to the server: not file/untitled). */
class Reports implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async show(name: string, markdown: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}.md` });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    const document = await vscode.languages.setTextDocumentLanguage(
      await vscode.workspace.openTextDocument(uri),
      'markdown',
    );
    // Beside the file, or where a report already is: one column of reports, not one more per command.
    const shown = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme === REPORT_SCHEME);
    const viewColumn = shown?.viewColumn ?? vscode.ViewColumn.Beside;
    await vscode.window.showTextDocument(document, { preview: true, viewColumn });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

class RouteSmithClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private status: HostStatus | undefined;
  private readonly statusItem = vscode.window.createStatusBarItem(
    'routesmith.host',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly reports = new Reports();
  private lifecycle: Promise<void> = Promise.resolve();

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly minServerVersion: string,
  ) {
    this.statusItem.name = 'RouteSmith host';
  }

  register(context: vscode.ExtensionContext): void {
    const command = (id: string, run: (...args: unknown[]) => Promise<void>) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) =>
        run(...args).catch((error: unknown) => this.reportError(error)),
      );
    context.subscriptions.push(
      this,
      this.statusItem,
      this.reports,
      vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this.reports),
      command('routesmith.client.recordSuccess', () => this.recordOutcome(true)),
      command('routesmith.client.recordFailure', () => this.recordOutcome(false)),
      command('routesmith.client.explainRoute', (target) =>
        this.explainRoute(target instanceof vscode.Uri ? target : undefined),
      ),
      command('routesmith.client.showStats', () => this.showStats()),
      command('routesmith.client.selectHost', () => this.selectHost()),
      command('routesmith.client.restartServer', () => this.restart()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (RESTART_KEYS.some((key) => event.affectsConfiguration(key))) {
          this.restart().catch((error: unknown) => this.reportError(error));
        }
      }),
    );
  }

  async start(): Promise<void> {
    this.showStatus('$(sync~spin) RouteSmith', 'Starting the RouteSmith language server…');
    const config = vscode.workspace.getConfiguration(SECTION);
    const resource = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const discovery = await discoverServer({
      configured: config.get<string[]>('server.command', []),
      env: process.env,
      platform: process.platform,
      pythonInterpreter: () => selectedPythonInterpreter(resource, (message) => this.output.warn(message)),
    });
    if (discovery.kind === 'missing') {
      this.output.error(`Language server not found: ${discovery.reason}`);
      this.showStatus('$(error) RouteSmith: no server', `Language server not found: ${discovery.reason}`);
      this.offerFix(
        `RouteSmith: the language server was not found. ${discovery.reason} Install it with \`${INSTALL_FIX}\`, or set routesmith.server.command.`,
      );
      return;
    }
    const server = discovery.server;
    this.output.info(`Starting ${[server.command, ...server.args].join(' ')} (from ${server.origin})`);
    const stderr = new StderrTail();
    const client = this.createClient(server, config, stderr);
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.client = undefined;
      const command = [server.command, ...server.args].join(' ');
      const cause = (await stderr.lastLine(3000)) ?? describe(error);
      this.showStatus('$(error) RouteSmith: server failed', `\`${command}\` did not start: ${cause}`);
      this.offerFix(
        `RouteSmith: the language server (\`${command}\`, from ${server.origin}) did not start: ${cause}. ` +
          `Install or upgrade it with \`${INSTALL_FIX}\`, or set routesmith.server.command.`,
      );
      await client.dispose().catch((disposeError: unknown) => {
        this.output.warn(`Disposing the failed client: ${describe(disposeError)}`);
      });
      return;
    } finally {
      client.starting = false;
    }
    const problem = serverVersionProblem(client.initializeResult?.serverInfo, this.minServerVersion);
    if (problem !== undefined) {
      this.output.warn(problem);
      this.showStatus('$(warning) RouteSmith: old server', problem);
      void vscode.window
        .showWarningMessage(
          `${problem} Upgrade it with \`${INSTALL_FIX}\` in the environment it runs from (${server.command}).`,
          'Open Settings',
        )
        .then((choice) => {
          if (choice === 'Open Settings')
            void vscode.commands.executeCommand('workbench.action.openSettings', 'routesmith.server.command');
        });
    } else if (this.status === undefined)
      this.showStatus('$(git-compare) RouteSmith', 'Waiting for the server to report the host.');
  }

  private createClient(
    server: ServerCommand,
    config: vscode.WorkspaceConfiguration,
    stderr: StderrTail,
  ): QuietStartClient {
    const serverOptions: ServerOptions = { command: server.command, args: server.args, transport: TransportKind.stdio };
    const globs = [...config.get<string[]>('promptGlobs', []), ...config.get<string[]>('instructionGlobs', [])];
    // By language for files VS Code knows (the server decides by its globs which markdown files it serves),
    // by pattern for the rest (AGENTS.md as plain text, .cursorrules, *.mdc, *.prompt).
    const documentSelector: DocumentSelector = [
      ...LANGUAGES.flatMap((language) => SCHEMES.map((scheme) => ({ scheme, language }))),
      ...globs.map((pattern) => ({ scheme: 'file', pattern })),
    ];
    const clientOptions: LanguageClientOptions = {
      documentSelector,
      middleware: {
        // The code lens above a prompt runs the server's routesmith.explainRoute, whose answer is data:
        // show it as a report, as "Explain route" does, for the lens' own document.
        provideCodeLenses: async (document, token, next) => {
          const lenses = await next(document, token);
          for (const lens of lenses ?? []) {
            if (lens.command?.command === 'routesmith.explainRoute')
              lens.command = { ...lens.command, command: 'routesmith.client.explainRoute', arguments: [document.uri] };
          }
          return lenses;
        },
      },
      outputChannel: this.output,
      stdioOptions: {
        stdout: (input) => {
          createInterface({ input, crlfDelay: Infinity }).on('line', (line) => {
            this.output.info(line);
          });
        },
        stderr: (input) => {
          stderr.read(input, (line) => {
            this.output.error(line);
          });
        },
      },
      // The whole `routesmith` section, as the server reads it (client-only keys are ignored there). Later
      // changes reach it through workspace/configuration: it registers for didChangeConfiguration itself.
      initializationOptions: () => plain(vscode.workspace.getConfiguration(SECTION)),
      initializationFailedHandler: () => false,
      errorHandler: {
        error: (_error, _message, count) => ({
          action: (count ?? 0) < 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
        }),
        closed: () => {
          // A server that exits while starting is reported once, by start(), with the cause and the fix.
          if (client.starting) return { action: CloseAction.DoNotRestart, handled: true };
          this.status = undefined;
          this.showStatus(
            '$(error) RouteSmith: server stopped',
            'The language server exited; run "RouteSmith: Restart server".',
          );
          return {
            action: CloseAction.DoNotRestart,
            message:
              'The RouteSmith language server exited; run "RouteSmith: Restart server" to start it again (see Output › RouteSmith).',
          };
        },
      },
    };
    const client = new QuietStartClient('routesmith', 'RouteSmith', serverOptions, clientOptions);
    client.onNotification('routesmith/status', (status: unknown) => {
      if (isHostStatus(status)) this.updateStatus(status);
      else this.output.warn(`Ignored a malformed routesmith/status notification: ${JSON.stringify(status)}`);
    });
    return client;
  }

  /** Stop and start again, after any start or restart still under way (a settings change during a start
   * must not leave two servers). */
  restart(): Promise<void> {
    const next = this.lifecycle.then(async () => {
      await this.stop();
      await this.start();
    });
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.status = undefined;
    if (client !== undefined) await client.dispose();
  }

  dispose(): void {
    void this.stop();
  }

  private updateStatus(status: HostStatus): void {
    this.status = status;
    this.showStatus(statusText(status), new vscode.MarkdownString(statusTooltip(status)));
  }

  private showStatus(text: string, tooltip: string | vscode.MarkdownString): void {
    this.statusItem.text = text;
    this.statusItem.tooltip = tooltip;
    this.statusItem.command =
      this.client === undefined && this.status === undefined
        ? 'routesmith.client.restartServer'
        : 'routesmith.client.selectHost';
    this.statusItem.show();
  }

  private offerFix(message: string): void {
    void vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output', 'Retry').then((choice) => {
      if (choice === 'Open Settings')
        void vscode.commands.executeCommand('workbench.action.openSettings', 'routesmith.server.command');
      else if (choice === 'Show Output') this.output.show();
      else if (choice === 'Retry') this.restart().catch((error: unknown) => this.reportError(error));
    });
  }

  private reportError(error: unknown): void {
    this.output.error(describe(error));
    void vscode.window.showErrorMessage(`RouteSmith: ${describe(error)}`);
  }

  private running(): LanguageClient {
    if (this.client === undefined || !this.client.isRunning()) {
      throw new Error(
        'the language server is not running (see Output › RouteSmith, or run "RouteSmith: Restart server").',
      );
    }
    return this.client;
  }

  private execute<T>(command: string, argument: object): Promise<T> {
    return this.running().sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] }) as Promise<T>;
  }

  private activeDocument(): vscode.TextEditor {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined || !SCHEMES.includes(editor.document.uri.scheme)) {
      throw new Error('open a prompt or instruction file first.');
    }
    return editor;
  }

  private async recordOutcome(success: boolean): Promise<void> {
    const editor = this.activeDocument();
    const client = this.running();
    const { line, character } = editor.selection.active;
    // Where the host cannot switch, the route names no model: the user knows which one ran the step.
    let model: string | undefined;
    if (this.status?.canSwitch === false) {
      model = await vscode.window.showInputBox({
        title: `RouteSmith: which model ran this step? (${this.status.display} cannot switch models)`,
        placeHolder: 'e.g. claude-sonnet-4-6',
        validateInput: (value) => (value.trim() === '' ? 'the model id, as the host names it' : undefined),
      });
      if (model === undefined) return;
    }
    const result = await this.execute<{ log: string; record: { step_id?: number; task: string; model: string } }>(
      'routesmith.recordOutcome',
      {
        uri: client.code2ProtocolConverter.asUri(editor.document.uri),
        position: { line, character },
        success,
        ...(model === undefined ? {} : { model: model.trim() }),
      },
    );
    const r = result.record;
    void vscode.window.showInformationMessage(
      `RouteSmith: recorded ${success ? 'success' : 'failure'} for step ${r.step_id ?? '?'} (${r.task} → ${r.model}) in ${result.log}`,
    );
  }

  /** The route of `target` (the code lens' document), else of the active editor's document, as a report. */
  private async explainRoute(target?: vscode.Uri): Promise<void> {
    const document = target ?? this.activeDocument().document.uri;
    const uri = this.running().code2ProtocolConverter.asUri(document);
    const result = await this.execute<ExplainResult>('routesmith.explainRoute', { uri });
    const name = document.path.split('/').pop() ?? 'untitled';
    await this.reports.show(`Route ${name}`, explainMarkdown(result, name));
  }

  private async showStats(): Promise<void> {
    const result = await this.execute<{ groups: StatsRow[] }>('routesmith.showStats', {});
    await this.reports.show('RouteSmith stats', statsMarkdown(result.groups));
  }

  private async selectHost(): Promise<void> {
    this.running();
    type Item = vscode.QuickPickItem & { host: string | null };
    const current = this.status?.host;
    const items: Item[] = [
      { label: 'Detect automatically', description: 'from the environment and RouteSmith config', host: null },
      ...HOSTS.map((h) => ({
        label: h.display,
        description: h.id === current ? `${h.id} (current)` : h.id,
        host: h.id,
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: 'RouteSmith: route for which host?',
      placeHolder: 'For this session; set routesmith.host to keep it',
    });
    if (picked === undefined) return;
    const status = await this.execute<unknown>('routesmith.setHost', { host: picked.host });
    if (isHostStatus(status)) this.updateStatus(status);
  }
}

/** A configuration object as plain JSON (WorkspaceConfiguration also carries methods). */
function plain(config: vscode.WorkspaceConfiguration): unknown {
  return JSON.parse(JSON.stringify(config));
}

function describe(error: unknown): string {
  if (error instanceof ResponseError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

let controller: RouteSmithClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('RouteSmith', { log: true });
  context.subscriptions.push(output);
  const manifest = context.extension.packageJSON as { routesmith: { minServerVersion: string } };
  controller = new RouteSmithClient(output, manifest.routesmith.minServerVersion);
  controller.register(context);
  await controller.restart();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
