declare module 'handlebars/runtime' {
  import Handlebars from 'handlebars';
  const Runtime: typeof Handlebars;
  export default Runtime;
}
