import { defineComponent, h } from 'vue';
import { highlightParts } from '../../lib/highlight';

/**
 * `text` with the words that start with a word of `query` in <mark>. A render function: a
 * template would put its own whitespace between the parts.
 */
export default defineComponent({
  name: 'HighlightedText',
  props: { text: { type: String, required: true }, query: { type: String, required: true } },
  setup(props) {
    return () =>
      h(
        'span',
        highlightParts(props.text, props.query).map((p) => (p.match ? h('mark', p.text) : p.text)),
      );
  },
});
