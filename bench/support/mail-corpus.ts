/**
 * Deterministic Chinese office text for the mail benchmarks: government vocabulary (real terms,
 * weighted towards the common ones) and pseudo-words made of the 500 most frequent characters,
 * in Zipf-like proportions, with punctuation and line breaks — so bigram statistics look like mail,
 * not like random characters.
 */
const COMMON =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';

export const TERMS = [
  '数字政府',
  '政务服务',
  '项目申报',
  '重点项目',
  '工作要点',
  '会议通知',
  '请示',
  '报告',
  '批复',
  '函',
  '纪要',
  '安全生产',
  '防汛抗旱',
  '乡村振兴',
  '营商环境',
  '财政预算',
  '招商引资',
  '疫情防控',
  '信访维稳',
  '民生实事',
  '督查督办',
  '绩效考核',
  '人事任免',
  '干部培训',
  '档案管理',
  '保密工作',
  '应急管理',
  '生态环境',
  '城乡建设',
  '交通运输',
  '教育体育',
  '卫生健康',
  '市场监管',
  '统计数据',
  '审计整改',
  '巡察反馈',
  '党风廉政',
  '意识形态',
  '网络安全',
  '信息化建设',
  '电子公文',
  '视频会议',
];

export class Rng {
  constructor(private s = 0x2545f491) {}
  next(): number {
    // xorshift32
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }
}

export function vocabulary(rng: Rng, size = 8000): string[] {
  const words: string[] = [];
  for (let i = 0; i < size; i++) {
    const len = 2 + rng.int(2);
    let w = '';
    for (let j = 0; j < len; j++) w += COMMON[Math.floor(Math.pow(rng.next(), 2) * COMMON.length)];
    words.push(w);
  }
  return words;
}

/** About `chars` characters of office prose. */
export function prose(rng: Rng, vocab: string[], chars: number): string {
  let s = '';
  while (s.length < chars) {
    s += rng.next() < 0.08 ? rng.pick(TERMS) : vocab[Math.floor(Math.pow(rng.next(), 3) * vocab.length)];
    const r = rng.next();
    if (r < 0.07) s += '，';
    else if (r < 0.095) s += '。';
    else if (r < 0.1) s += '。\n';
  }
  return s;
}

export function subjectLine(rng: Rng, vocab: string[]): string {
  const kinds = ['关于', '关于做好', '关于印发', '关于开展', '关于报送'];
  return `${rng.pick(kinds)}${rng.pick(TERMS)}${vocab[rng.int(vocab.length)]}${rng.pick(['的通知', '的函', '的报告', '工作的通知', '的请示'])}`;
}
