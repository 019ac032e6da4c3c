/** Catches render errors of one area so the rest of the page keeps working; offers a retry. */
import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props { area: string; children: ReactNode }
interface State { error: Error | null }

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`[${this.props.area}]`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="error-box" role="alert">
        <strong>The {this.props.area} hit an error:</strong> {this.state.error.message}
        <button type="button" onClick={() => this.setState({ error: null })}>Try again</button>
      </div>
    );
  }
}
