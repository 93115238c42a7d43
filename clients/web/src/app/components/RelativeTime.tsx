import { Tooltip } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useI18n } from '../i18n';

dayjs.extend(relativeTime);

/** "3 分钟前", with the exact time on hover; older than a week shows the date. */
export function RelativeTime({ value }: { value: string }) {
  useI18n(); // re-render when the language changes
  const d = dayjs(value);
  const text = dayjs().diff(d, 'day') >= 7 ? d.format('YYYY-MM-DD HH:mm') : d.fromNow();
  return (
    <Tooltip title={d.format('YYYY-MM-DD HH:mm:ss')}>
      <time dateTime={value}>{text}</time>
    </Tooltip>
  );
}
