import { ApiError, type LivechatApi, type VisitorEvent, type WidgetConfig } from './api';
import { h, icon, ICONS } from './dom';
import { format, type Language, type StringKey } from './i18n';
import { LiveStream } from './live';
import { confirmMessage, mergeMessages, unreadCount, type ChatMessage } from './messages';
import type { ChannelStorage } from './storage';
import css from './styles.css?inline';

type View = 'prechat' | 'offline' | 'chat';

const ENDED = ['closed', 'force_closed', 'spam'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TEXT = 10_000;

/** A random id (crypto.randomUUID exists only on https pages; getRandomValues everywhere). */
function newId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** The visible name of an attachment URL: its last path segment. */
function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
  } catch {
    return url;
  }
}

/**
 * The website chat on the host page: a launcher and a panel in a shadow root of their own, the
 * conversation kept in step with the API (history on load and after every reconnection, the live
 * stream in between) and the visitor's session kept in the page's storage.
 */
export class ChatWidget {
  private readonly host = document.createElement('lineflow-chat');
  private readonly shadow = this.host.attachShadow({ mode: 'open' });
  private readonly root = h('div', { class: 'root' });
  private live: LiveStream | null = null;

  private messages: ChatMessage[] = [];
  private dialogId: string | null = null;
  private status: string | null = null;
  /** dialogs the visitor rated in this page: they get a thank-you instead of the prompt */
  private readonly rated = new Set<string>();
  private ratingFailed = false;
  private offlineEmail: string | null = null;
  private view: View = 'chat';
  private isOpen = false;
  private down = false;

  private readonly launcher = h('button', {
    class: 'launcher',
    type: 'button',
    'aria-controls': 'lf-panel',
    'aria-expanded': 'false',
  });
  private readonly badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
  private readonly panel = h('section', { class: 'panel', id: 'lf-panel', hidden: true });
  private readonly presence = h('p', { class: 'presence' });
  private readonly body = h('div', { class: 'body' });
  private readonly banner = h('p', { class: 'banner', role: 'status', hidden: true });
  private readonly log = h('div', { class: 'log', role: 'log', tabindex: '0' });
  private readonly compose = h('textarea', { id: 'lf-compose', rows: '1', maxlength: String(MAX_TEXT) });
  private readonly sendButton = h('button', { class: 'send', type: 'submit', disabled: true });
  private readonly composeForm = h('form', { class: 'compose' });
  private readonly chat = h('div', { class: 'chat body' });
  private readonly rendered = new Map<string, { signature: string; element: HTMLElement }>();
  private readonly time: Intl.DateTimeFormat;

  constructor(
    private readonly api: LivechatApi,
    private readonly storage: ChannelStorage,
    private config: WidgetConfig,
    private readonly lang: Language,
    accent: string | null,
  ) {
    this.time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
    this.root.lang = lang;
    if (accent) this.root.style.setProperty('--accent', accent);
    if (accent) this.root.style.setProperty('--accent-dark', accent);
    this.build();
  }

  private t(key: StringKey, values?: Record<string, string | number>): string {
    return format(this.lang, key, values);
  }

  private get available(): boolean {
    return this.config.online && this.config.withinWorkingHours;
  }

  private get token(): string | null {
    return this.storage.read().token ?? null;
  }

  // ---- lifecycle ----

  async mount(): Promise<void> {
    this.shadow.append(h('style', {}, css), this.root);
    (document.body ?? document.documentElement).append(this.host);
    if (this.token) {
      await this.loadHistory().catch(() => undefined);
      this.connect();
    }
    this.renderLauncher();
    if (this.storage.open) this.open(false);
  }

  /** Opens the panel; `focus` moves the keyboard there (not when restoring an open panel on load). */
  open(focus = true): void {
    if (this.isOpen) return;
    this.isOpen = true;
    this.storage.open = true;
    this.view = this.chooseView();
    this.panel.hidden = false;
    this.root.classList.add('open');
    this.renderAll();
    this.markSeen();
    if (focus) this.focusView();
    // who is there may have changed since the page loaded
    void this.api
      .config()
      .then((config) => {
        this.config = config;
        this.renderPresence();
        if (this.view === 'offline' && this.available && !this.messages.length) {
          this.view = this.chooseView();
          this.renderBody();
        }
      })
      .catch(() => undefined);
  }

  close(): void {
    if (!this.isOpen) return;
    const hadFocus = this.shadow.activeElement !== null && this.panel.contains(this.shadow.activeElement);
    this.isOpen = false;
    this.storage.open = false;
    this.panel.hidden = true;
    this.root.classList.remove('open');
    this.renderLauncher();
    if (hadFocus) this.launcher.focus();
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  private chooseView(): View {
    if (this.messages.length || this.offlineEmail) return 'chat';
    if (!this.available) return 'offline';
    if (this.config.preChatForm.enabled && !this.token) return 'prechat';
    return 'chat';
  }

  // ---- talking to the API ----

  private async loadHistory(): Promise<boolean> {
    try {
      const conversation = await this.api.history();
      this.messages = mergeMessages(this.messages, conversation.items);
      if (conversation.dialogId) {
        this.dialogId = conversation.dialogId;
        this.status = conversation.status;
      }
      this.afterChange();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.endSession();
        return false;
      }
      throw error;
    }
  }

  private connect(): void {
    this.live?.stop();
    this.live = new LiveStream((lastEventId) => this.api.eventsUrl(lastEventId), {
      event: (data) => this.onEvent(data as VisitorEvent),
      trouble: (down) => {
        this.down = down;
        this.renderBanner();
      },
      catchUp: () => this.loadHistory(),
    });
    this.live.start();
  }

  /** The session is gone (expired): the visitor starts again, keeping what is on the screen. */
  private endSession(): void {
    this.live?.stop();
    this.live = null;
    this.storage.write({ token: undefined, expiresAt: undefined });
    this.down = false;
    this.renderBanner();
  }

  private async ensureSession(contact: { name?: string; email?: string } = {}): Promise<void> {
    if (this.token) {
      if (contact.name || contact.email) await this.api.updateSession(contact);
      return;
    }
    const session = await this.api.openSession(contact);
    this.storage.write({ token: session.token, expiresAt: session.expiresAt });
    this.connect();
  }

  /** Runs `call` in a session; once more in a new one when the old one turns out to have expired. */
  private async inSession<T>(
    call: () => Promise<T>,
    contact?: { name?: string; email?: string },
  ): Promise<T> {
    await this.ensureSession(contact);
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      this.endSession();
      await this.ensureSession(contact);
      return call();
    }
  }

  private onEvent(event: VisitorEvent): void {
    if (!event || typeof event.dialogId !== 'string') return;
    if (event.dialogId !== this.dialogId) {
      // a late word about an earlier dialog changes nothing; anything else is the visitor's new dialog
      if (event.type === 'rating.received') return;
      this.dialogId = event.dialogId;
      this.ratingFailed = false;
    }
    this.status = event.status;
    if (event.message) this.messages = mergeMessages(this.messages, [event.message]);
    this.afterChange();
  }

  async sendText(text: string, retry?: ChatMessage): Promise<void> {
    const clientMessageId = retry?.clientMessageId ?? newId();
    const localId = `local:${clientMessageId}`;
    const pending: ChatMessage = {
      id: localId,
      author: 'client',
      text,
      attachments: [],
      createdAt: retry?.createdAt ?? new Date().toISOString(),
      pending: 'sending',
      clientMessageId,
    };
    this.messages = retry
      ? this.messages.map((m) => (m.id === localId ? pending : m))
      : [...this.messages, pending];
    this.afterChange(true);
    try {
      const sent = await this.inSession(() => this.api.send(text, clientMessageId));
      this.messages = confirmMessage(this.messages, localId, sent.messageId);
      if (sent.dialogId !== this.dialogId) {
        this.dialogId = sent.dialogId;
        this.status = 'new';
      } else if (this.status && ENDED.includes(this.status)) this.status = 'new';
    } catch {
      this.messages = this.messages.map((m) => (m.id === localId ? { ...m, pending: 'failed' } : m));
    }
    this.afterChange();
  }

  private async rate(value: 'like' | 'dislike' | number): Promise<void> {
    const dialogId = this.dialogId;
    if (!dialogId) return;
    this.rated.add(dialogId);
    this.ratingFailed = false;
    this.renderLog();
    try {
      await this.inSession(() => this.api.rate(value));
    } catch {
      this.rated.delete(dialogId);
      this.ratingFailed = true;
    }
    this.renderLog();
  }

  // ---- building ----

  private build(): void {
    const { root, launcher, panel, compose, composeForm, sendButton } = this;
    launcher.append(
      h('span', { class: 'when-closed' }, icon(ICONS.chat)),
      h('span', { class: 'when-open' }, icon(ICONS.minimize)),
      this.badge,
    );
    launcher.addEventListener('click', () => this.toggle());

    const initial = this.config.name.trim().charAt(0).toUpperCase() || '?';
    const minimize = h('button', { class: 'minimize', type: 'button', 'aria-label': this.t('closeChat') });
    minimize.append(icon(ICONS.minimize));
    minimize.addEventListener('click', () => this.close());
    panel.setAttribute('aria-label', this.t('chatWith', { name: this.config.name }));
    panel.append(
      h(
        'header',
        { class: 'head' },
        h('div', { class: 'avatar', 'aria-hidden': 'true' }, initial),
        h(
          'div',
          { class: 'head-text' },
          h('h2', { class: 'title', id: 'lf-title' }, this.config.name),
          this.presence,
        ),
        minimize,
      ),
      this.body,
      h('p', { class: 'brand' }, this.t('poweredBy')),
    );
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.close();
      }
    });

    this.log.setAttribute('aria-label', this.config.name);
    compose.placeholder = this.t('composePlaceholder');
    compose.setAttribute('aria-label', this.t('message'));
    compose.setAttribute('aria-describedby', 'lf-compose-hint');
    sendButton.setAttribute('aria-label', this.t('send'));
    sendButton.append(icon(ICONS.send));
    composeForm.append(
      h('span', { class: 'sr-only', id: 'lf-compose-hint' }, this.t('composeHint')),
      compose,
      sendButton,
    );
    compose.addEventListener('input', () => this.resizeCompose());
    compose.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        composeForm.requestSubmit();
      }
    });
    composeForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = compose.value.trim();
      if (!text) return;
      compose.value = '';
      this.resizeCompose();
      void this.sendText(text);
    });
    this.chat.append(this.banner, this.log, composeForm);
    root.append(panel, launcher);
  }

  private resizeCompose(): void {
    const { compose } = this;
    compose.style.height = 'auto';
    compose.style.height = `${Math.min(compose.scrollHeight, 132)}px`;
    this.sendButton.disabled = !compose.value.trim();
  }

  private focusView(): void {
    const target =
      this.view === 'chat' ? this.compose : this.body.querySelector<HTMLElement>('input, textarea');
    target?.focus();
  }

  // ---- rendering ----

  private afterChange(ownMessage = false): void {
    if (this.isOpen) this.markSeen();
    if (this.isOpen && this.view !== 'chat' && this.messages.length) {
      this.view = 'chat';
      this.renderBody();
    }
    this.renderLog(ownMessage);
    this.renderLauncher();
  }

  private markSeen(): void {
    const newest = this.messages.filter((m) => m.author !== 'client' && !m.pending).at(-1);
    if (newest && newest.createdAt > (this.storage.read().seenAt ?? ''))
      this.storage.write({ seenAt: newest.createdAt });
  }

  private renderAll(): void {
    this.renderPresence();
    this.renderBody();
    this.renderLauncher();
  }

  private renderLauncher(): void {
    const unread = this.isOpen ? 0 : unreadCount(this.messages, this.storage.read().seenAt ?? null);
    this.badge.hidden = unread === 0;
    this.badge.textContent = unread > 9 ? '9+' : String(unread);
    this.launcher.setAttribute(
      'aria-label',
      this.isOpen
        ? this.t('closeChat')
        : unread
          ? this.t('openChatUnread', { count: unread })
          : this.t('openChat'),
    );
    this.launcher.setAttribute('aria-expanded', String(this.isOpen));
  }

  private renderPresence(): void {
    this.presence.replaceChildren(
      h('span', { class: this.available ? 'dot on' : 'dot', 'aria-hidden': 'true' }),
      this.t(this.available ? 'online' : 'away'),
    );
  }

  private renderBanner(): void {
    this.banner.hidden = !this.down;
    this.banner.textContent = this.t('reconnecting');
  }

  private renderBody(): void {
    if (this.view === 'chat') {
      this.body.replaceChildren(this.chat);
      this.renderBanner();
      this.renderLog(true);
      return;
    }
    this.body.replaceChildren(this.view === 'prechat' ? this.preChatForm() : this.offlineForm());
  }

  /** The conversation, updated in place: elements whose content is unchanged stay (no re-announcing). */
  private renderLog(scroll = false): void {
    if (this.view !== 'chat') return;
    const { log } = this;
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    const items = this.logItems();
    const keep = new Set(items.map((i) => i.key));
    for (const [key, entry] of this.rendered) {
      if (!keep.has(key)) {
        entry.element.remove();
        this.rendered.delete(key);
      }
    }
    items.forEach((item, index) => {
      let entry = this.rendered.get(item.key);
      if (!entry || entry.signature !== item.signature) {
        const element = item.make();
        entry?.element.replaceWith(element);
        entry = { signature: item.signature, element };
        this.rendered.set(item.key, entry);
      }
      if (log.children[index] !== entry.element) log.insertBefore(entry.element, log.children[index] ?? null);
    });
    if (scroll || atBottom) log.scrollTop = log.scrollHeight;
  }

  private logItems(): Array<{ key: string; signature: string; make: () => HTMLElement }> {
    const items: Array<{ key: string; signature: string; make: () => HTMLElement }> = [];
    const greeting = this.t('greeting') + (this.available ? ` ${this.t('replyTime')}` : '');
    items.push({
      key: 'greeting',
      signature: greeting,
      make: () =>
        this.messageElement(
          { id: 'greeting', author: 'operator', text: greeting, attachments: [], createdAt: '' },
          true,
          false,
        ),
    });
    const list = this.messages;
    list.forEach((m, i) => {
      // the greeting counts as the line's first words: its next message joins it
      const first = i === 0 ? m.author !== 'operator' : list[i - 1]!.author !== m.author;
      const last = list[i + 1]?.author !== m.author;
      items.push({
        key: m.id,
        signature: [m.pending ?? '', first, last, m.createdAt].join('|'),
        make: () => this.messageElement(m, first, last),
      });
    });
    const dialogId = this.dialogId;
    const awaiting = this.status === 'closed_awaiting_rating';
    if (dialogId && this.rated.has(dialogId) && (awaiting || this.status === 'closed')) {
      items.push({
        key: 'thanks',
        signature: '',
        make: () => h('p', { class: 'note' }, this.t('rateThanks')),
      });
    } else if (dialogId && awaiting) {
      items.push({
        key: `rating:${dialogId}`,
        signature: `${this.config.ratingScale}|${this.ratingFailed}`,
        make: () => this.ratingCard(),
      });
    } else if (this.status && ENDED.includes(this.status)) {
      items.push({ key: 'ended', signature: '', make: () => h('p', { class: 'note' }, this.t('ended')) });
    }
    if (this.offlineEmail) {
      const email = this.offlineEmail;
      items.push({
        key: 'offline',
        signature: email,
        make: () => h('p', { class: 'note' }, this.t('offlineThanks', { email })),
      });
    }
    return items;
  }

  private authorName(m: ChatMessage): string {
    if (m.author === 'client') return this.t('you');
    if (m.author === 'bot') return this.t('bot');
    if (m.author === 'system') return this.t('system');
    return this.config.name;
  }

  private messageElement(m: ChatMessage, first: boolean, last: boolean): HTMLElement {
    const classes = ['msg', m.author, first ? 'first' : '', m.pending ?? '', m.pending ? 'pending' : ''];
    const element = h('div', { class: classes.filter(Boolean).join(' ') });
    if (first && (m.author === 'operator' || m.author === 'bot'))
      element.append(h('div', { class: 'who', 'aria-hidden': 'true' }, this.authorName(m)));
    if (m.text !== null && m.text !== '')
      element.append(
        h('div', { class: 'bubble' }, h('span', { class: 'sr-only' }, `${this.authorName(m)}: `), m.text),
      );
    for (const url of m.attachments) {
      const safe = /^https?:\/\//i.test(url);
      const link = h(
        safe ? 'a' : 'span',
        safe ? { class: 'file', href: url, target: '_blank', rel: 'noopener noreferrer' } : { class: 'file' },
      );
      link.append(
        icon(ICONS.paperclip),
        h('span', { class: 'sr-only' }, `${this.t('attachment')}: `),
        fileName(url),
      );
      element.append(link);
    }
    if (m.pending === 'failed') {
      const retry = h('button', { class: 'link-button', type: 'button' }, this.t('retry'));
      retry.addEventListener('click', () => void this.sendText(m.text ?? '', m));
      element.append(
        h('div', { class: 'meta' }, h('span', { class: 'failed-text' }, this.t('notSent')), retry),
      );
    } else if (m.pending === 'sending') {
      element.append(h('div', { class: 'meta' }, this.t('sending')));
    } else if (last && m.createdAt) {
      const at = new Date(m.createdAt);
      if (!Number.isNaN(at.getTime()))
        element.append(
          h('div', { class: 'meta' }, h('time', { datetime: m.createdAt }, this.time.format(at))),
        );
    }
    return element;
  }

  private ratingCard(): HTMLElement {
    const choices = h('div', { class: 'choices' });
    if (this.config.ratingScale === 'like_dislike') {
      for (const [value, label] of [
        ['like', 'rateLike'],
        ['dislike', 'rateDislike'],
      ] as const) {
        const button = h('button', { class: 'thumb', type: 'button' }, icon(ICONS[value]), this.t(label));
        button.addEventListener('click', () => void this.rate(value));
        choices.append(button);
      }
    } else {
      const stars: HTMLButtonElement[] = [];
      const light = (upTo: number) => stars.forEach((s, i) => s.classList.toggle('lit', i < upTo));
      for (let value = 1; value <= 5; value++) {
        const star = h('button', {
          class: 'star',
          type: 'button',
          'aria-label': this.t('rateStars', { value }),
        });
        star.append(icon(ICONS.star));
        star.addEventListener('mouseenter', () => light(value));
        star.addEventListener('focus', () => light(value));
        star.addEventListener('click', () => void this.rate(value));
        stars.push(star);
      }
      choices.addEventListener('mouseleave', () => light(0));
      choices.addEventListener('focusout', () => light(0));
      choices.append(...stars);
    }
    return h(
      'div',
      { class: 'card', role: 'group', 'aria-labelledby': 'lf-rate-title' },
      h('p', { class: 'card-title', id: 'lf-rate-title' }, this.t('rateTitle')),
      choices,
      this.ratingFailed ? h('p', { class: 'error', role: 'alert' }, this.t('failed')) : null,
    );
  }

  // ---- forms ----

  private field(
    id: string,
    label: string,
    options: { type?: string; required: boolean; autocomplete?: string; multiline?: boolean },
  ) {
    const control = options.multiline
      ? h('textarea', { id, name: id, maxlength: String(MAX_TEXT) })
      : h('input', {
          id,
          name: id,
          type: options.type ?? 'text',
          autocomplete: options.autocomplete,
          maxlength: '200',
        });
    if (options.required) control.setAttribute('aria-required', 'true');
    const error = h('p', { class: 'error', id: `${id}-error`, hidden: true });
    control.setAttribute('aria-describedby', error.id);
    const element = h(
      'div',
      { class: 'field' },
      h(
        'label',
        { for: id },
        label,
        options.required ? null : h('span', { class: 'optional' }, ` (${this.t('optional')})`),
      ),
      control,
      error,
    );
    /** The trimmed value, or null after showing why it will not do. */
    const check = (validate?: (value: string) => StringKey | null): string | null => {
      const value = control.value.trim();
      const problem: StringKey | null =
        options.required && !value ? 'required' : value && validate ? validate(value) : null;
      error.hidden = !problem;
      error.textContent = problem ? this.t(problem) : '';
      control.setAttribute('aria-invalid', String(!!problem));
      return problem ? null : value;
    };
    return { element, control, check };
  }

  private form(
    intro: string,
    fields: HTMLElement[],
    submitLabel: string,
    submit: () => Promise<boolean>,
  ): HTMLFormElement {
    const button = h('button', { class: 'primary', type: 'submit' }, submitLabel);
    const failure = h('p', { class: 'error', role: 'alert', hidden: true });
    const form = h(
      'form',
      { class: 'form', novalidate: true },
      h('p', { class: 'intro' }, intro),
      ...fields,
      failure,
      button,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      failure.hidden = true;
      void submit()
        .catch(() => {
          failure.textContent = this.t('failed');
          failure.hidden = false;
          return false;
        })
        .finally(() => (button.disabled = false))
        .then((ok) => {
          if (!ok) form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        });
    });
    return form;
  }

  private validEmail = (value: string): StringKey | null => (EMAIL.test(value) ? null : 'invalidEmail');

  private preChatForm(): HTMLFormElement {
    const name = this.field('lf-name', this.t('name'), { required: true, autocomplete: 'name' });
    const email = this.field('lf-email', this.t('email'), {
      type: 'email',
      required: this.config.preChatForm.requireEmail,
      autocomplete: 'email',
    });
    return this.form(this.t('preChatIntro'), [name.element, email.element], this.t('startChat'), async () => {
      const nameValue = name.check();
      const emailValue = email.check(this.validEmail);
      if (nameValue === null || emailValue === null) return false;
      await this.ensureSession({ name: nameValue, ...(emailValue ? { email: emailValue } : {}) });
      this.view = 'chat';
      this.renderBody();
      this.compose.focus();
      return true;
    });
  }

  private offlineForm(): HTMLFormElement {
    const name = this.field('lf-name', this.t('name'), { required: false, autocomplete: 'name' });
    const email = this.field('lf-email', this.t('email'), {
      type: 'email',
      required: true,
      autocomplete: 'email',
    });
    const message = this.field('lf-message', this.t('message'), { required: true, multiline: true });
    return this.form(
      this.t('offlineIntro'),
      [name.element, email.element, message.element],
      this.t('sendMessage'),
      async () => {
        const nameValue = name.check();
        const emailValue = email.check(this.validEmail);
        const text = message.check();
        if (nameValue === null || emailValue === null || text === null) return false;
        await this.ensureSession({ email: emailValue, ...(nameValue ? { name: nameValue } : {}) });
        this.offlineEmail = emailValue;
        this.view = 'chat';
        this.renderBody();
        await this.sendText(text);
        this.compose.focus();
        return true;
      },
    );
  }
}
