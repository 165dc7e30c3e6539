// The interpreter selected in the Python extension (ms-python.python), through its public API, without
// depending on that extension: it is optional.
import * as vscode from 'vscode';

interface PythonApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(environment: { path: string }): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  };
  // The API before `environments` (still offered).
  settings?: { getExecutionDetails(resource?: vscode.Uri): { execCommand?: string[] } };
}

export async function selectedPythonInterpreter(
  resource: vscode.Uri | undefined,
  warn: (message: string) => void,
): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonApi>('ms-python.python');
  if (extension === undefined) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    if (api.environments !== undefined) {
      const resolved = await api.environments.resolveEnvironment(api.environments.getActiveEnvironmentPath(resource));
      const path = resolved?.executable.uri?.fsPath;
      if (path !== undefined) return path;
    }
    return api.settings?.getExecutionDetails(resource).execCommand?.[0];
  } catch (error) {
    // A Python extension that fails to activate or answer is treated as absent: discovery goes on.
    warn(
      `The Python extension did not give its interpreter: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}
