// The default theme, with room for the wide parameter tables of an API reference.
import DefaultTheme from "vitepress/theme";
import "./reference.css";

export default DefaultTheme;
