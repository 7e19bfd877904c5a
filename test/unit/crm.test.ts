import { canWriteBack } from '../../activities/crm/create-lead.activity';
import { normalizeEmail, normalizePhone } from '../../activities/read-model/open-dialog.activity';

describe('CRM rules', () => {
  it('writes back through messengers and webhooks, and to a chat visitor only with a phone or email', () => {
    const none = { phone: null, email: null };
    expect(canWriteBack('telegram', none)).toBe(true);
    expect(canWriteBack('webhook', none)).toBe(true);
    expect(canWriteBack('livechat', none)).toBe(false);
    expect(canWriteBack('livechat', { phone: '+4930123', email: null })).toBe(true);
    expect(canWriteBack('livechat', { phone: null, email: 'a@b.c' })).toBe(true);
  });

  it('compares phones by their digits and emails without case or spaces', () => {
    expect(normalizePhone('+1 (555) 010-0200')).toBe(normalizePhone('+15550100200'));
    expect(normalizePhone('8 800 555-35-35')).toBe('88005553535');
    expect(normalizeEmail('  Bo@Example.COM ')).toBe('bo@example.com');
  });
});
