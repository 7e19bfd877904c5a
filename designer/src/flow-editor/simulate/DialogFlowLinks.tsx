import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Role } from '../../api';
import { simulationApi } from './simulation-api';
import './tryit.css';

interface Props {
  dialogId: string;
  lineId: string;
  role: Role | undefined;
}

/**
 * The dialog view's way to its flow (docs/flows.md §9): "Show on flow" opens the version the dialog
 * pinned with its path lit (admins and supervisors); admins also get the dialog's workflow in
 * Temporal's web UI, when the server knows where that UI is.
 */
export function DialogFlowLinks({ dialogId, lineId, role }: Props) {
  const { t } = useTranslation();
  const admin = role === 'admin';
  const workflow = useQuery({
    queryKey: ['dialog-workflow', dialogId],
    queryFn: () => simulationApi.dialogWorkflow(dialogId),
    enabled: admin,
    staleTime: Infinity,
    retry: false,
  });
  if (role !== 'admin' && role !== 'supervisor') return null;
  const temporalUrl = workflow.data?.uiUrl;
  return (
    <span className="tryit-flow-links">
      {/* a new page: the designer's pages have their own security policy (api/web/web-app.ts) */}
      <Link
        reloadDocument
        to={`/lines/${encodeURIComponent(lineId)}/flow?dialog=${encodeURIComponent(dialogId)}`}
      >
        {t('flowSimulation.links.showOnFlow')}
      </Link>
      {admin && temporalUrl && (
        <a href={temporalUrl} target="_blank" rel="noreferrer">
          {t('flowSimulation.links.openInTemporal')}
        </a>
      )}
    </span>
  );
}
