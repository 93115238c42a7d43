import { Typography } from 'antd';
import { useT } from '../i18n';

/** A mail address as a mailto link with a copy button. */
export function CopyableMail({ address }: { address: string }) {
  const t = useT();
  if (!address) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text copyable={{ text: address, tooltips: [t('common.copy'), t('common.copied')] }} style={{ whiteSpace: 'nowrap' }}>
      <a href={`mailto:${address}`}>{address}</a>
    </Typography.Text>
  );
}
