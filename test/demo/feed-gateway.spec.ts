import { resumePointOf } from '../../src/demo/notifier/feed.gateway';

describe('where a page resumes the feed (/ws?instance=…&after=…)', () => {
  it('reads the instance and the last seq seen', () => {
    expect(resumePointOf('/ws?instance=abc&after=42')).toEqual({ instance: 'abc', after: 42 });
  });

  it('starts from nothing on a first visit', () => {
    expect(resumePointOf('/ws')).toEqual({});
  });

  it.each(['-1', '1.5', 'x', ''])('ignores after=%j', (after) => {
    expect(resumePointOf(`/ws?instance=abc&after=${after}`)).toEqual({ instance: 'abc' });
  });
});
