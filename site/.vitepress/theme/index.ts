// The default theme, with a layout for parameter tables and error codes (reference.css).
import DefaultTheme from "vitepress/theme";
import "./reference.css";

export default DefaultTheme;
