import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api';
import { useSession } from '../api/session';
import { LanguageSwitch } from '../app/header/LanguageSwitch';
import { errorText } from '../app/error-text';
import { safeReturnTo } from '../app/return-to';
import './login.css';

export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const token = useSession((s) => s.token);
  const notice = useSession((s) => s.notice);
  const signIn = useSession((s) => s.signIn);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const returnTo = safeReturnTo(params.get('returnTo'));
  const errorRef = useRef<HTMLParagraphElement>(null);

  const login = useMutation({
    mutationFn: () => api.login({ email, password }),
    onSuccess: (session) => {
      queryClient.clear(); // nothing of a previous session's lists may show
      signIn(session);
      void navigate(returnTo, { replace: true });
    },
  });
  useEffect(() => {
    if (login.isError) errorRef.current?.focus();
  }, [login.isError, login.failureCount]);
  useEffect(() => {
    document.title = `${t('login.title')}`;
  }, [t]);

  if (token && !login.isPending) return <Navigate to={returnTo} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };
  const message = login.isError
    ? errorText(t, login.error)
    : notice
      ? t('login.sessionEnded', { reason: notice.replace(/\.$/, '') })
      : params.get('signedOut')
        ? t('login.signedOut')
        : null;

  return (
    <div className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <main id="main" className="login__card">
        <div className="login__brand" aria-hidden="true">
          <span className="brand-mark">L</span>
        </div>
        <h1 className="login__title">{t('login.title')}</h1>
        <p className="login__subtitle">{t('login.subtitle')}</p>
        {message && (
          <p
            ref={errorRef}
            tabIndex={-1}
            role={login.isError ? 'alert' : 'status'}
            className={login.isError || notice ? 'login__message login__message--error' : 'login__message'}
          >
            {message}
          </p>
        )}
        <form className="login__form" onSubmit={submit} noValidate={false}>
          <label className="field">
            <span className="field__label">{t('login.email')}</span>
            <input
              className="field__input"
              type="email"
              name="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('login.password')}</span>
            <input
              className="field__input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button className="button button--primary button--wide" type="submit" disabled={login.isPending}>
            {login.isPending ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
