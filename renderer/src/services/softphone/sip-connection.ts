import { Registerer, RegistererState, UserAgent, UserAgentState } from 'sip.js';
import type { RegistrationState } from './phone';
import { reconnectDelayMs } from './reconnect-policy';

const registerAnswerMs = 8000;

/**
 * Keeps one UserAgent connected and registered: connects, registers, and after any transport drop reconnects
 * with backoff and registers again, until `stop()`. Reports every change through `onState`; `reconnecting` is
 * true from the first failure until registered again (that is when the banner shows).
 */
export class SipConnection {
  private readonly registerer: Registerer;
  private attempt = 0;
  private timer: number | null = null;
  private watchdog: number | null = null;
  /** The last REGISTER was answered with 2xx (since the last connect). */
  private answered = false;
  private stopped = false;
  private authFailed = false;
  private reconnecting = false;
  private readonly onOnline = () => this.retryNow();

  constructor(
    private readonly ua: UserAgent,
    private readonly onState: (state: RegistrationState, reconnecting: boolean) => void,
  ) {
    this.registerer = new Registerer(ua, { expires: 300 });
    this.registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) this.accepted();
      else if (state === RegistererState.Unregistered && !this.stopped) {
        this.onState(this.authFailed ? 'failed' : 'unregistered', this.reconnecting);
      }
    });
    ua.delegate = {
      ...ua.delegate,
      onConnect: () => {
        this.attempt = 0;
        this.register();
      },
      onDisconnect: (error) => {
        if (this.stopped || !error) return;
        console.warn('[softphone] SIP transport dropped; reconnecting');
        this.lost();
      },
    };
    window.addEventListener('online', this.onOnline);
  }

  /** Registered and reachable: the Registerer alone still says Registered after the socket is gone. */
  get registered(): boolean {
    return this.answered && !this.reconnecting && this.ua.isConnected();
  }

  async start(): Promise<void> {
    this.onState('connecting', false);
    try {
      await this.ua.start();
    } catch (err) {
      console.warn('[softphone] SIP transport did not connect', err);
      this.lost();
    }
  }

  private register(): void {
    this.authFailed = false;
    this.answered = false;
    this.onState('connecting', this.reconnecting);
    // A REGISTER can die without an answer (server going down mid-request, half-open socket): retry then too.
    this.clearWatchdog();
    this.watchdog = window.setTimeout(() => {
      this.watchdog = null;
      if (this.stopped || this.answered) return;
      console.warn('[softphone] no answer to REGISTER; trying again');
      this.lost();
    }, registerAnswerMs);
    this.registerer
      .register({
        requestDelegate: {
          onAccept: () => this.accepted(),
          onReject: (response) => {
            const code = response.message.statusCode;
            // Credentials are issued per login: a refused digest will not get better by retrying.
            if (code === 401 || code === 403 || code === 407) {
              this.clearWatchdog();
              this.authFailed = true;
              this.onState('failed', false);
            } else this.schedule();
          },
        },
      })
      .catch((err: unknown) => {
        console.warn('[softphone] REGISTER could not be sent', err);
        this.lost();
      });
  }

  /**
   * A 2xx to our REGISTER. Also reported from the request delegate: after a reconnect the Registerer still says
   * Registered from before, so a successful re-REGISTER changes no state and fires no state event.
   */
  private accepted(): void {
    this.clearWatchdog();
    this.attempt = 0;
    this.reconnecting = false;
    this.answered = true;
    this.onState('registered', false);
  }

  private clearWatchdog(): void {
    if (this.watchdog !== null) window.clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  private lost(): void {
    this.answered = false;
    this.reconnecting = true;
    this.onState('connecting', true);
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.timer !== null) return;
    const delay = reconnectDelayMs(this.attempt++);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      void this.reconnect();
    }, delay);
  }

  private retryNow(): void {
    if (this.stopped || this.ua.isConnected()) return;
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    if (this.ua.isConnected()) {
      this.register();
      return;
    }
    try {
      // onConnect registers again once the socket is back
      if (this.ua.state === UserAgentState.Started) await this.ua.reconnect();
      else await this.ua.start();
    } catch (err) {
      console.warn('[softphone] reconnect failed; trying again', err);
      this.schedule();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearWatchdog();
    window.removeEventListener('online', this.onOnline);
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
    if (this.ua.isConnected() && this.registerer.state === RegistererState.Registered) {
      await Promise.race([
        this.registerer.unregister().catch(() => undefined),
        new Promise((resolve) => window.setTimeout(resolve, 1500)),
      ]);
    }
    await this.ua.stop().catch(() => undefined);
    this.onState('unregistered', false);
  }
}
