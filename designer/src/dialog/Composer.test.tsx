import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen } from '@testing-library/react';
import i18n from '../i18n';
import { Composer } from './Composer';
import type { QuickReply } from './dialog-api';
import { filterReplies } from './QuickReplies';

const reply = (id: string, title: string, text: string, group = 'General'): QuickReply => ({
  id,
  shared: false,
  ownerId: 'op1',
  lineId: null,
  group,
  title,
  text,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

function answer(body: unknown) {
  return Promise.resolve({
    ok: true,
    status: 200,
    statusText: '',
    headers: { get: () => 'application/json' },
    json: async () => body,
  } as unknown as Response);
}

function renderComposer(onSend = jest.fn(() => Promise.resolve())) {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <Composer lineId="line-1" sending={false} onSend={onSend} />
    </QueryClientProvider>,
  );
  return onSend;
}

describe('the answer box', () => {
  beforeAll(async () => {
    await i18n.changeLanguage('en');
  });
  afterEach(() => jest.restoreAllMocks());

  it('sends on Enter, starts a new line on Shift+Enter, and empties itself after sending', async () => {
    const onSend = renderComposer();
    const box = screen.getByLabelText('Message to the client');
    fireEvent.change(box, { target: { value: 'Hello' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.change(box, { target: { value: 'Hello\nthere' } });
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    expect(onSend).toHaveBeenCalledWith('Hello\nthere', false);
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('writes internal notes when the toggle is on, and keeps the text when the API refuses', async () => {
    const onSend = renderComposer(
      jest.fn(() => Promise.reject(new Error('accept the dialog before answering'))),
    );
    fireEvent.click(screen.getByLabelText('Internal note'));
    const box = screen.getByLabelText('Internal note (only colleagues see it)');
    fireEvent.change(box, { target: { value: 'For colleagues' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    });
    expect(onSend).toHaveBeenCalledWith('For colleagues', true);
    expect((box as HTMLTextAreaElement).value).toBe('For colleagues');
  });

  it('does not send blank text', () => {
    const onSend = renderComposer();
    const box = screen.getByLabelText('Message to the client');
    fireEvent.change(box, { target: { value: '   ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
  });

  it('finds a quick reply and inserts it where the cursor is', async () => {
    // jsdom has no fetch: the API client calls this one
    const fetch = jest.fn(() =>
      answer({ items: [reply('q1', 'Greeting', 'Good morning!'), reply('q2', 'Bye', 'Have a nice day')] }),
    );
    Object.assign(globalThis, { fetch });
    renderComposer();
    const box = screen.getByLabelText('Message to the client') as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'Hi. ' } });
    box.setSelectionRange(4, 4);
    fireEvent.click(screen.getByRole('button', { name: 'Quick replies' }));
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toBe('/api/quick-replies?lineId=line-1');
    await screen.findByRole('button', { name: /Greeting/ });
    fireEvent.change(screen.getByLabelText('Search quick replies'), { target: { value: 'nice' } });
    expect(screen.queryByRole('button', { name: /Greeting/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Bye/ }));
    expect(box.value).toBe('Hi. Have a nice day');
  });
});

describe('quick reply search', () => {
  it('matches every word in title, group or text, whatever the case and accents', () => {
    const replies = [
      reply('1', 'Délai', 'Livraison en 2 jours', 'Shipping'),
      reply('2', 'Refund', 'Money back'),
    ];
    expect(filterReplies(replies, 'delai shipping').map((r) => r.id)).toEqual(['1']);
    expect(filterReplies(replies, 'MONEY').map((r) => r.id)).toEqual(['2']);
    expect(filterReplies(replies, '  ')).toHaveLength(2);
    expect(filterReplies(replies, 'money jours')).toEqual([]);
  });
});
