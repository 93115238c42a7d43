/** A 公文 body for tests and the benchmark (no test-runner imports): paragraphs long enough for about `pages` pages of GB/T 9704 (22 lines × 28 characters). */
export function longBody(pages: number) {
  const sentence = '各地各部门要坚持以人民为中心的发展思想，统筹发展和安全，扎实推进数字政府建设，提升政务服务效能，';
  const paragraphs = Array.from({ length: Math.max(1, Math.round(pages * 2.68)) }, (_, i) => `（${i + 1}）${sentence.repeat(4)}确保各项任务落到实处。`);
  return {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: '一、总体要求' }] },
      ...paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
    ],
  };
}
