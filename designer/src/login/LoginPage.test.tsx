import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import '../i18n';
import i18n from '../i18n';
import { useSession } from '../api/session';
import { LoginPage } from './LoginPage';

function answer(status: number, body: unknown) {
  return Promise.resolve({
    ok: status < 300,
    status,
    statusText: '',
    headers: { get: () => 'application/json' },
    json: async () => body,
  } as unknown as Response);
}

const location = { path: '' };
function Landed() {
  location.path = useLocation().pathname;
  return <p>landed</p>;
}

/** declarative routes: jsdom has no Request, which the data routers need */
function renderAt(url: string) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="*" element={<Landed />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('the login page', () => {
  beforeEach(async () => {
    await act(() => i18n.changeLanguage('en'));
    useSession.setState({ token: null, user: null, expiresAt: null, notice: null, signedOut: false });
  });

  it("shows the API's reason for bad credentials, then goes where it was asked to return", async () => {
    const fetchMock = jest
      .fn()
      .mockReturnValueOnce(
        answer(401, { error: { code: 'unauthorized', message: 'Email or password is wrong' } }),
      )
      .mockReturnValueOnce(
        answer(200, {
          token: 'tok_12345678901234567890',
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
          user: { id: 'u1', email: 'a@b.c', name: 'Ann', role: 'operator' },
        }),
      );
    globalThis.fetch = fetchMock;
    renderAt('/login?returnTo=%2Fdialogs%2Fd-1');
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'a@b.c' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Email or password is wrong');
    expect(useSession.getState().token).toBeNull();

    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'right-one' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('landed');
    expect(location.path).toBe('/dialogs/d-1');
    expect(useSession.getState().user?.name).toBe('Ann');
    expect(JSON.parse(fetchMock.mock.calls[1][1].body)).toEqual({ email: 'a@b.c', password: 'right-one' });
  });

  it('says why the session ended, and never returns to another site', async () => {
    useSession.setState({ notice: 'Token is invalid or has expired' });
    renderAt('/login?returnTo=%2F%2Fevil.example');
    expect(screen.getByRole('status').textContent).toBe(
      'Your session has ended: Token is invalid or has expired. Sign in again to continue.',
    );
  });

  it('is in Russian for Russian speakers', async () => {
    await act(() => i18n.changeLanguage('ru'));
    renderAt('/login');
    expect(screen.getByRole('heading').textContent).toBe('Вход в Lineflow');
    expect(screen.getByLabelText('Пароль')).toBeTruthy();
  });
});
