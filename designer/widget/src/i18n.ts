/**
 * The widget's strings, in every language it speaks. Keys are the same in each (a unit test checks);
 * `{name}` marks a value filled in by `format`. No plural forms: counts are written so one form fits.
 */
export const STRINGS = {
  en: {
    openChat: 'Open chat',
    openChatUnread: 'Open chat ({count} unread)',
    closeChat: 'Minimize chat',
    chatWith: 'Chat with {name}',
    online: 'We are online',
    away: 'We are away',
    replyTime: 'We usually reply in a few minutes.',
    greeting: 'Hi! How can we help you today?',
    preChatIntro: 'Tell us who you are and we will start the chat.',
    name: 'Your name',
    email: 'Email',
    optional: 'optional',
    startChat: 'Start chat',
    offlineIntro: 'We are away right now. Leave a message and we will reply by email.',
    message: 'Message',
    sendMessage: 'Send message',
    offlineThanks: 'Thank you! We will reply to {email}.',
    composePlaceholder: 'Write a message…',
    composeHint: 'Enter to send, Shift+Enter for a new line',
    send: 'Send',
    sending: 'Sending…',
    notSent: 'Not sent.',
    retry: 'Retry',
    you: 'You',
    bot: 'Bot',
    system: 'Notice',
    attachment: 'Attachment',
    rateTitle: 'How was the conversation?',
    rateGroup: 'Rate the conversation',
    rateLike: 'Good',
    rateDislike: 'Bad',
    rateStars: '{value} out of 5',
    rateThanks: 'Thank you for your feedback!',
    ended: 'The conversation has ended. Write to us any time.',
    reconnecting: 'Connection lost. Reconnecting…',
    unavailable: 'The chat is unavailable right now. Please try again later.',
    required: 'Please fill this in.',
    invalidEmail: 'Please enter a valid email address.',
    failed: 'Something went wrong. Please try again.',
    poweredBy: 'Chat by Lineflow',
  },
  ru: {
    openChat: 'Открыть чат',
    openChatUnread: 'Открыть чат (непрочитанных: {count})',
    closeChat: 'Свернуть чат',
    chatWith: 'Чат: {name}',
    online: 'Мы на связи',
    away: 'Сейчас нас нет на месте',
    replyTime: 'Обычно отвечаем за несколько минут.',
    greeting: 'Здравствуйте! Чем можем помочь?',
    preChatIntro: 'Представьтесь, и мы начнём разговор.',
    name: 'Ваше имя',
    email: 'Email',
    optional: 'необязательно',
    startChat: 'Начать чат',
    offlineIntro: 'Сейчас нас нет на месте. Оставьте сообщение, и мы ответим по email.',
    message: 'Сообщение',
    sendMessage: 'Отправить сообщение',
    offlineThanks: 'Спасибо! Мы ответим на {email}.',
    composePlaceholder: 'Напишите сообщение…',
    composeHint: 'Enter — отправить, Shift+Enter — новая строка',
    send: 'Отправить',
    sending: 'Отправляется…',
    notSent: 'Не отправлено.',
    retry: 'Повторить',
    you: 'Вы',
    bot: 'Бот',
    system: 'Уведомление',
    attachment: 'Вложение',
    rateTitle: 'Как прошёл разговор?',
    rateGroup: 'Оцените разговор',
    rateLike: 'Хорошо',
    rateDislike: 'Плохо',
    rateStars: '{value} из 5',
    rateThanks: 'Спасибо за оценку!',
    ended: 'Разговор завершён. Пишите в любое время.',
    reconnecting: 'Связь потеряна. Переподключаемся…',
    unavailable: 'Чат сейчас недоступен. Попробуйте позже.',
    required: 'Заполните это поле.',
    invalidEmail: 'Введите правильный адрес email.',
    failed: 'Что-то пошло не так. Попробуйте ещё раз.',
    poweredBy: 'Чат Lineflow',
  },
} as const;

export type Language = keyof typeof STRINGS;
export type StringKey = keyof (typeof STRINGS)['en'];
export const LANGUAGES = Object.keys(STRINGS) as Language[];

/** The first candidate (`ru`, `ru-RU`, `EN`…) the widget speaks, else English. */
export function pickLanguage(candidates: ReadonlyArray<string | null | undefined>): Language {
  for (const candidate of candidates) {
    const base = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    if (base && (LANGUAGES as string[]).includes(base)) return base as Language;
  }
  return 'en';
}

/** The string `key` in `language`, with `{name}` placeholders filled from `values`. */
export function format(
  language: Language,
  key: StringKey,
  values: Record<string, string | number> = {},
): string {
  const text: string = STRINGS[language][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
