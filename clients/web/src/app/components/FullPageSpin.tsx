import { Flex, Spin } from 'antd';

export function FullPageSpin({ tip }: { tip?: string }) {
  return (
    <Flex vertical align="center" justify="center" gap={16} style={{ minHeight: '60vh' }}>
      <Spin size="large" />
      {tip && <span style={{ color: 'rgba(0,0,0,0.45)' }}>{tip}</span>}
    </Flex>
  );
}
