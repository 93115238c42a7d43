import { useEffect, useRef, useState } from 'react';
import { Alert, Button } from 'antd';
import type { MessageDetail } from '@yizhan/protocol';
import { useMailText } from './mail-text';

/**
 * A message's body. HTML (already sanitised by the server) goes into a sandboxed iframe without
 * scripts, under a Content-Security-Policy that allows images from our own origin only — unless
 * the reader asked for remote images; its height follows its content.
 */
export function MessageBody({ message, onShowImages }: { message: MessageDetail; onShowImages(): void }) {
  const t = useMailText();
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(120);

  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const measure = () => {
      const doc = el.contentDocument;
      if (doc?.body) setHeight(Math.max(60, doc.documentElement.scrollHeight + 4));
    };
    el.addEventListener('load', measure);
    const timer = window.setInterval(measure, 500);
    window.setTimeout(() => window.clearInterval(timer), 5000);
    return () => {
      el.removeEventListener('load', measure);
      window.clearInterval(timer);
    };
  }, [message.html]);

  if (message.html === null) return <pre className="yz-mail-text" data-testid="mail-body-text">{message.text}</pre>;

  const remote = message.blockedImages === 0 && /<img[^>]+src="https?:/i.test(message.html);
  const csp = `default-src 'none'; img-src 'self' data:${remote ? ' https: http:' : ''}; style-src 'unsafe-inline'; font-src 'self'`;
  const doc = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><base target="_blank"><style>body{margin:0;font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;font-size:14px;line-height:1.7;color:rgba(0,0,0,.88);word-break:break-word}img{max-width:100%;height:auto}blockquote{margin:6px 0;padding-left:12px;border-left:3px solid #d0d7e2;color:rgba(0,0,0,.6)}table{border-collapse:collapse}td,th{border:1px solid #c9d1dc;padding:4px 8px}</style></head><body>${message.html}</body></html>`;
  return (
    <>
      {message.blockedImages > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('remoteImagesBlocked', { n: message.blockedImages })}
          action={
            <Button size="small" onClick={onShowImages} data-testid="show-remote-images">
              {t('showRemoteImages')}
            </Button>
          }
        />
      )}
      <iframe
        ref={frame}
        className="yz-mail-frame"
        title={message.subject}
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        srcDoc={doc}
        style={{ height }}
        data-testid="mail-body-html"
      />
    </>
  );
}
